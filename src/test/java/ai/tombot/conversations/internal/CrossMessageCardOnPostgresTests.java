package ai.tombot.conversations.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import ai.tombot.PostgresStores;

/** Cards split across messages, with every store on PostgreSQL. */
class CrossMessageCardOnPostgresTests extends CrossMessageCardTests {

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
