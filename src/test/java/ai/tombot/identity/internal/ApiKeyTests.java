package ai.tombot.identity.internal;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

import static ai.tombot.ProblemAssertions.assertProblem;
import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys: made by tenant admins, shown once, stored peppered, scoped, revoked everywhere at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyTests {

	private static final String PASSWORD = "Api-key-tests-pass-1";

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	String operator;

	String admin;

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir, storeProperties());
		this.operator = this.tombot.setUpAndLogIn("ops", "Operator-pass-1234");
		for (String slug : List.of("acme", "globex")) {
			this.tombot.post("/api/v1/tenants", json(Map.of("slug", slug, "name", slug, "region", "eu")), this.operator);
		}
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/acme/users",
				json(Map.of("username", "admin", "password", PASSWORD, "roles", List.of("ADMIN"))), this.operator);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		this.admin = this.tombot.logIn("acme", "admin", PASSWORD);
	}

	/** The store settings; empty for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	JsonNode makeKey(String tenant, String token, Object scopes) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", "chatbot");
		body.put("scopes", scopes);
		HttpResponse<String> answer = this.tombot.post("/api/v1/tenants/" + tenant + "/api-keys", json(body), token);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
		return parse(answer.body());
	}

	JdbcClient control() {
		return this.tombot.bean(Stores.class).control().jdbc();
	}

	@Test
	void create_answersTheKeyOnce_listingAndStoreNeverHoldIt() {
		JsonNode made = makeKey("acme", this.admin, List.of("messages:write"));
		String key = made.get("key").asString();
		assertThat(key).matches("tbk_[A-Za-z0-9_-]{43}");
		assertThat(made.get("prefix").asString()).isEqualTo(key.substring(0, 12));
		assertThat(made.get("scopes").get(0).asString()).isEqualTo("messages:write");

		HttpResponse<String> listed = this.tombot.get("/api/v1/tenants/acme/api-keys", this.admin);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).doesNotContain(key).contains(made.get("prefix").asString());
		JsonNode one = parse(this.tombot.get("/api/v1/tenants/acme/api-keys/" + made.get("id").asString(), this.admin)
			.body());
		assertThat(one.has("key")).isFalse();
		assertThat(one.get("status").asString()).isEqualTo("active");
		assertThat(one.get("name").asString()).isEqualTo("chatbot");

		String stored = control().sql("select key_hash from api_key where id = :id")
			.param("id", UUID.fromString(made.get("id").asString()))
			.query(String.class)
			.single();
		assertThat(stored).as("peppered, not a plain hash of the key").hasSize(64).isNotEqualTo(Tokens.hash(key));
		String everything = control().sql("select * from api_key").query().listOfRows().toString();
		assertThat(everything).doesNotContain(key).doesNotContain(key.substring(12));
	}

	@Test
	void key_authenticatesWithExactlyItsScopes_andNothingOfAPerson() {
		String key = makeKey("acme", this.admin, List.of("messages:read", "messages:write")).get("key").asString();
		HttpResponse<String> me = this.tombot.get("/api/v1/me", key);
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		JsonNode caller = parse(me.body());
		assertThat(caller.get("kind").asString()).isEqualTo("apiKey");
		assertThat(caller.get("tenant").asString()).isEqualTo("acme");
		assertThat(caller.get("roles").size()).isZero();
		assertThat(caller.get("permissions").valueStream().map(JsonNode::asString).toList())
			.containsExactlyInAnyOrder("tombot:conversations:read", "tombot:conversations:write");

		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", key), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/tenants/acme/api-keys", "{\"name\":\"x\",\"scopes\":[\"messages:read\"]}",
				key), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/me/password", "{\"currentPassword\":\"a\",\"newPassword\":\"b\"}", key),
				403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/auth/logout", "", key), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.get("/api/v1/tenants", key), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.get("/api/v1/tenants/globex/api-keys", key), 404, "urn:tombot:problem:not-found");

		String readOnly = makeKey("acme", this.admin, List.of("messages:read")).get("key").asString();
		assertThat(parse(this.tombot.get("/api/v1/me", readOnly).body()).get("permissions").valueStream()
			.map(JsonNode::asString)
			.toList()).containsExactly("tombot:conversations:read");
	}

	@Test
	void revoke_stopsTheKeyAtItsNextRequest_evenWhenAnotherNodeRevokedIt() {
		JsonNode made = makeKey("acme", this.admin, List.of("messages:write"));
		String key = made.get("key").asString();
		String id = made.get("id").asString();
		assertThat(this.tombot.get("/api/v1/me", key).statusCode()).isEqualTo(200);
		HttpResponse<String> revoked = this.tombot.delete("/api/v1/tenants/acme/api-keys/" + id, this.admin);
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertProblem(this.tombot.get("/api/v1/me", key), 401, "urn:tombot:problem:unauthenticated");
		assertThat(this.tombot.delete("/api/v1/tenants/acme/api-keys/" + id, this.admin).statusCode()).isEqualTo(204);
		JsonNode listed = parse(this.tombot.get("/api/v1/tenants/acme/api-keys/" + id, this.admin).body());
		assertThat(listed.get("status").asString()).isEqualTo("revoked");

		// what another node's revocation looks like to this one: only the shared control store changed
		String other = makeKey("acme", this.admin, List.of("messages:write")).get("key").asString();
		assertThat(this.tombot.get("/api/v1/me", other).statusCode()).isEqualTo(200);
		control().sql("update api_key set revoked_at = :now where prefix = :prefix")
			.param("now", SqlTime.ts(Instant.now()))
			.param("prefix", other.substring(0, 12))
			.update();
		assertThat(this.tombot.get("/api/v1/me", other).statusCode()).isEqualTo(401);
	}

	@Test
	void expiredKeys_unknownKeys_andKeysOfSuspendedTenants_answer401() {
		String expiring = makeKey("acme", this.admin, List.of("messages:write")).get("key").asString();
		control().sql("update api_key set expires_at = :past where prefix = :prefix")
			.param("past", SqlTime.ts(Instant.now().minusSeconds(1)))
			.param("prefix", expiring.substring(0, 12))
			.update();
		assertProblem(this.tombot.get("/api/v1/me", expiring), 401, "urn:tombot:problem:unauthenticated");
		assertThat(parse(this.tombot.get("/api/v1/tenants/acme/api-keys", this.admin).body()).findValuesAsString("status"))
			.contains("expired");

		String wellFormedButUnknown = "tbk_" + Tokens.random256();
		assertProblem(this.tombot.get("/api/v1/me", wellFormedButUnknown), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/api/v1/me", "tbk_short"), 401, "urn:tombot:problem:unauthenticated");

		String globexKey = makeKey("globex", this.operator, List.of("messages:write")).get("key").asString();
		assertThat(this.tombot.get("/api/v1/me", globexKey).statusCode()).isEqualTo(200);
		this.tombot.patch("/api/v1/tenants/globex", "{\"status\":\"suspended\"}", this.operator);
		try {
			assertProblem(this.tombot.get("/api/v1/me", globexKey), 401, "urn:tombot:problem:unauthenticated");
		}
		finally {
			this.tombot.patch("/api/v1/tenants/globex", "{\"status\":\"active\"}", this.operator);
		}
		assertThat(this.tombot.get("/api/v1/me", globexKey).statusCode()).isEqualTo(200);
	}

	@Test
	void use_recordsLastUsed() {
		JsonNode made = makeKey("acme", this.admin, List.of("messages:read"));
		String path = "/api/v1/tenants/acme/api-keys/" + made.get("id").asString();
		assertThat(parse(this.tombot.get(path, this.admin).body()).get("lastUsedAt").isNull()).isTrue();
		this.tombot.get("/api/v1/me", made.get("key").asString());
		assertThat(parse(this.tombot.get(path, this.admin).body()).get("lastUsedAt").isNull()).isFalse();
	}

	@Test
	void create_badInput_answers400NamingTheField() {
		String path = "/api/v1/tenants/acme/api-keys";
		assertProblem(this.tombot.post(path, "{\"name\":\"x\",\"scopes\":[\"messages:delete\"]}", this.admin), 400,
				"urn:tombot:problem:validation", "");
		assertThat(this.tombot.post(path, "{\"name\":\"x\",\"scopes\":[\"messages:delete\"]}", this.admin).body())
			.contains("'messages:delete' is not a scope");
		assertThat(this.tombot.post(path, "{\"name\":\"x\",\"scopes\":[]}", this.admin).body()).contains("scopes");
		assertThat(this.tombot.post(path, "{\"name\":\"  \",\"scopes\":[\"messages:read\"]}", this.admin).body())
			.contains("\"name\"");
		HttpResponse<String> past = this.tombot.post(path,
				"{\"name\":\"x\",\"scopes\":[\"messages:read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}", this.admin);
		assertProblem(past, 400, "urn:tombot:problem:validation");
		assertThat(past.body()).contains("expiresAt");
		assertProblem(this.tombot.delete(path + "/" + UUID.randomUUID(), this.admin), 404,
				"urn:tombot:problem:not-found");
	}

	@Test
	void agentsAndReadOnlyUsers_cannotManageKeys() {
		this.tombot.post("/api/v1/tenants/acme/users",
				json(Map.of("username", "agent", "password", PASSWORD, "roles", List.of("AGENT", "READ_ONLY"))),
				this.operator);
		String agent = this.tombot.logIn("acme", "agent", PASSWORD);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/api-keys", agent), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/tenants/acme/api-keys", "{\"name\":\"x\",\"scopes\":[\"messages:read\"]}",
				agent), 403, "urn:tombot:problem:forbidden");
	}

	@Test
	void docsScopeTable_isTheScopesOfTheCode() throws Exception {
		Map<String, String> documented = new HashMap<>();
		for (String line : Files.readAllLines(Path.of("docs/permissions.md"))) {
			java.util.regex.Matcher row = java.util.regex.Pattern.compile("^\\| `([a-z]+:[a-z]+)` \\| `([A-Z_]+)` \\|$")
				.matcher(line);
			if (row.matches()) {
				documented.put(row.group(1), row.group(2));
			}
		}
		Map<String, String> code = new HashMap<>();
		for (ApiKeyScope scope : ApiKeyScope.values()) {
			code.put(scope.value(), scope.permission().name());
		}
		assertThat(documented).isEqualTo(code);
	}

	@Test
	void nodeWithAnotherIdentitySecret_stopsAtStartupNamingTheSetting(@TempDir Path otherDir) {
		Map<String, String> properties = new HashMap<>(storeProperties());
		if (properties.isEmpty()) {
			// embedded stores belong to one data directory: make a node there, then restart it
			RunningTombot.start(otherDir).close();
		}
		properties.put("tombot.auth.secret", Base64.getEncoder().encodeToString(new byte[32]));
		assertThatThrownBy(() -> RunningTombot.start(otherDir, properties).close())
			.hasStackTraceContaining("set the same tombot.auth.secret on every node");
	}

}
