package ai.tombot.audit.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresStores;

/** The segment tests with every store on PostgreSQL (skipped without PostgreSQL). */
class AuditSegmentOnPostgresTests extends AuditSegmentTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.shared();
	}

	@Override
	boolean postgres() {
		return true;
	}

	/** Stops the server first, then drops its databases. */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
