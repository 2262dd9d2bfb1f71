package ai.tombot.identity.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresStores;

/** The network allowlist tests with every store on PostgreSQL (skipped without one). */
class NetworkAllowlistOnPostgresTests extends NetworkAllowlistTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.shared();
	}

	@Override
	Map<String, String> otherStores() {
		return this.postgres.fresh();
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
