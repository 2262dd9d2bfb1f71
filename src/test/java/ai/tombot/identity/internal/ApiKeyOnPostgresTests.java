package ai.tombot.identity.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.PostgresStores;
import ai.tombot.RunningTombot;

import static org.assertj.core.api.Assertions.assertThat;

/** The API-key tests with every store on PostgreSQL, and a second node sharing them (skipped without one). */
class ApiKeyOnPostgresTests extends ApiKeyTests {

	private final PostgresStores postgres = new PostgresStores();

	/** One set of databases for the class: every node of these tests shares them. */
	@Override
	Map<String, String> storeProperties() {
		return this.postgres.shared();
	}

	@Test
	void secondNodeWithTheSameSecret_acceptsTheKeys_andSeesARevocationAtOnce(@TempDir Path secondDir) throws Exception {
		Map<String, String> properties = new HashMap<>(storeProperties());
		properties.put("tombot.auth.secret", Files.readString(dataDir.resolve("keys/identity-secret")).strip());
		try (RunningTombot second = RunningTombot.start(secondDir, properties)) {
			JsonNode made = makeKey("acme", this.admin, List.of("messages:write"));
			String key = made.get("key").asString();
			assertThat(second.get("/api/v1/me", key).statusCode()).isEqualTo(200);
			assertThat(this.tombot.delete("/api/v1/tenants/acme/api-keys/" + made.get("id").asString(), this.admin)
				.statusCode()).isEqualTo(204);
			assertThat(second.get("/api/v1/me", key).statusCode()).isEqualTo(401);
		}
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
