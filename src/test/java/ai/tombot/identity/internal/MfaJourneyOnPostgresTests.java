package ai.tombot.identity.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresStores;

/** The MFA journeys with every store on PostgreSQL (skipped without one). */
class MfaJourneyOnPostgresTests extends MfaJourneyTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> newStores() {
		return this.postgres.fresh();
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
