package ai.tombot.conversations.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import ai.tombot.PostgresStores;

/** The Twilio webhook with every store on PostgreSQL. */
class TwilioWebhookOnPostgresTests extends TwilioWebhookTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.fresh();
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterEach first). */
	@Override
	@AfterEach
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
