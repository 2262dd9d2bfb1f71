package ai.tombot.keys.internal;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;

import static ai.tombot.ProblemAssertions.assertProblem;
import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/tenants/{tenant}/keys}: state for operators and tenant admins, never material. */
class TenantKeyApiTests {

	private static final String PASSWORD = "Key-api-pass-123";

	@Test
	void keys_showVersionsAndProgress_rotateOnRequest_forAdminsAndOperatorsOnly(@TempDir Path dataDir) throws Exception {
		try (RunningTombot tombot = RunningTombot.start(dataDir)) {
			String operator = tombot.setUpAndLogIn("ops", PASSWORD);
			tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}", operator);
			for (String[] user : new String[][] { { "alice", "ADMIN" }, { "bob", "AGENT" } }) {
				tombot.post("/api/v1/tenants/acme/users",
						json(Map.of("username", user[0], "password", PASSWORD, "roles", List.of(user[1]))), operator);
			}
			String alice = tombot.logIn("acme", "alice", PASSWORD);
			HttpResponse<String> before = tombot.get("/api/v1/tenants/acme/keys", alice);
			assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
			JsonNode status = parse(before.body());
			assertThat(status.get("region").asString()).isEqualTo("eu");
			assertThat(status.get("versions").size()).isEqualTo(1);
			assertThat(status.get("versions").get(0).get("state").asString()).isEqualTo("ENABLED");
			assertThat(status.get("versions").get(0).get("primary").asBoolean()).isTrue();
			assertThat(status.get("rotatedAt").isNull()).isTrue();

			HttpResponse<String> rotated = tombot.post("/api/v1/tenants/acme/keys/rotate", "", operator);
			assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
			assertThat(parse(rotated.body()).get("versions").size()).isEqualTo(2);
			assertThat(parse(rotated.body()).get("rewrap").get("startedAt").isNull()).isFalse();

			String masterFile = Files.readString(dataDir.resolve("keys/eu-master-key.json"));
			String body = tombot.get("/api/v1/tenants/acme/keys", operator).body();
			assertThat(body).doesNotContain("value").doesNotContain("keyset");
			for (String part : masterFile.split("\"")) {
				if (part.length() > 40) {
					assertThat(body).doesNotContain(part);
				}
			}
			// master-key rotation: operators only; a file-based key gets a new version
			assertProblem(tombot.post("/api/v1/regions/eu/master-key/rotate", "", alice), 403,
					"urn:tombot:problem:forbidden");
			assertProblem(tombot.post("/api/v1/regions/mars/master-key/rotate", "", operator), 404,
					"urn:tombot:problem:not-found");
			HttpResponse<String> master = tombot.post("/api/v1/regions/eu/master-key/rotate", "", operator);
			assertThat(master.statusCode()).as(master.body()).isEqualTo(200);
			assertThat(parse(master.body()).get("tenantKeys").asInt()).isEqualTo(1);
			assertThat(Files.readString(dataDir.resolve("keys/eu-master-key.json")).split("\"keyId\"")).hasSize(3);
			assertThat(tombot.get("/api/v1/tenants/acme/keys", operator).statusCode()).isEqualTo(200);

			String bob = tombot.logIn("acme", "bob", PASSWORD);
			assertProblem(tombot.get("/api/v1/tenants/acme/keys", bob), 403, "urn:tombot:problem:forbidden");
			assertProblem(tombot.post("/api/v1/tenants/acme/keys/rotate", "", bob), 403, "urn:tombot:problem:forbidden");
		}
		try (RunningTombot restarted = RunningTombot.start(dataDir)) {
			String operator = restarted.logIn("ops", PASSWORD);
			assertThat(restarted.get("/api/v1/tenants/acme/keys", operator).statusCode())
				.as("the rotated master key still opens the tenant key after a restart").isEqualTo(200);
		}
	}

}
