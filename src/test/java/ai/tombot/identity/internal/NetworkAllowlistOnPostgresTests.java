package ai.tombot.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresTestDatabases;

/** The network allowlist tests with every store on PostgreSQL (skipped without one). */
class NetworkAllowlistOnPostgresTests extends NetworkAllowlistTests {

	private final List<PostgresTestDatabases> databases = new ArrayList<>();

	private Map<String, String> stores;

	@Override
	Map<String, String> storeProperties() {
		if (this.stores == null) {
			this.stores = otherStores();
		}
		return this.stores;
	}

	@Override
	Map<String, String> otherStores() {
		PostgresTestDatabases postgres = PostgresTestDatabases.require();
		this.databases.add(postgres);
		return postgres.storeProperties();
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.databases.forEach(PostgresTestDatabases::close);
	}

}
