package ai.tombot.audit.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresStores;

/** The segment retention tests with every store on PostgreSQL (skipped without PostgreSQL). */
class AuditSegmentRetentionOnPostgresTests extends AuditSegmentRetentionTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.shared();
	}

	/** Stops the server first, then drops its databases. */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
