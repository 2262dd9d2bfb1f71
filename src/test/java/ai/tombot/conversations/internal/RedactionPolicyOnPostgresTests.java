package ai.tombot.conversations.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import ai.tombot.PostgresStores;

/** A tenant's redaction policy, with every store on PostgreSQL. */
class RedactionPolicyOnPostgresTests extends RedactionPolicyTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.fresh();
	}

	/** Stops the server first, then drops its databases. */
	@Override
	@AfterEach
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
