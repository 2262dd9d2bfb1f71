package ai.tombot.conversations.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import ai.tombot.PostgresStores;

/** Retention with every store on PostgreSQL. */
class RetentionOnPostgresTests extends RetentionTests {

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
