package ai.tombot.tenancy.internal;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresTestDatabases;

/** The tenant API tests again, with every store on PostgreSQL (skipped without one). */
class TenantApiOnPostgresTests extends TenantApiTests {

	private PostgresTestDatabases postgres;

	@Override
	Map<String, String> storeProperties() {
		this.postgres = PostgresTestDatabases.require();
		Map<String, String> properties = new HashMap<>(this.postgres.storeProperties());
		properties.put("tombot.regions.ap.store.url", this.postgres.create("ap"));
		properties.put("tombot.regions.ap.store.username", this.postgres.user());
		properties.put("tombot.regions.ap.store.password", this.postgres.password());
		properties.put("tombot.regions.ap.master-key", "file:" + this.postgres.masterKeyFile());
		return properties;
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

}
