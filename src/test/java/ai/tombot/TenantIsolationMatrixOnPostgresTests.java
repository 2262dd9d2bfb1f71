package ai.tombot;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

/** The tenant isolation matrix with every store on PostgreSQL (skipped without one). */
class TenantIsolationMatrixOnPostgresTests extends TenantIsolationMatrixTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.shared();
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
