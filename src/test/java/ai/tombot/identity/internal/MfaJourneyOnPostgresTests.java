package ai.tombot.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import ai.tombot.PostgresTestDatabases;

/** The MFA journeys with every store on PostgreSQL (skipped without one). */
class MfaJourneyOnPostgresTests extends MfaJourneyTests {

	private final List<PostgresTestDatabases> databases = new ArrayList<>();

	@Override
	Map<String, String> newStores() {
		PostgresTestDatabases postgres = PostgresTestDatabases.require();
		this.databases.add(postgres);
		return postgres.storeProperties();
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.databases.forEach(PostgresTestDatabases::close);
	}

}
