package ai.tombot;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

/** The tenant isolation matrix with every store on PostgreSQL (skipped without one). */
class TenantIsolationMatrixOnPostgresTests extends TenantIsolationMatrixTests {

	private PostgresTestDatabases postgres;

	@Override
	Map<String, String> storeProperties() {
		this.postgres = PostgresTestDatabases.require();
		return this.postgres.storeProperties();
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
