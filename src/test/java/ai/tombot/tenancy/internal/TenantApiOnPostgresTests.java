package ai.tombot.tenancy.internal;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresStores;
import ai.tombot.PostgresTestDatabases;

/** The tenant API tests again, with every store on PostgreSQL (skipped without one). */
class TenantApiOnPostgresTests extends TenantApiTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		Map<String, String> properties = new HashMap<>(this.postgres.shared());
		PostgresTestDatabases server = this.postgres.sharedDatabases();
		properties.put("tombot.regions.ap.store.url", server.create("ap"));
		properties.put("tombot.regions.ap.store.username", server.user());
		properties.put("tombot.regions.ap.store.password", server.password());
		properties.put("tombot.regions.ap.master-key", "file:" + server.masterKeyFile());
		return properties;
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
