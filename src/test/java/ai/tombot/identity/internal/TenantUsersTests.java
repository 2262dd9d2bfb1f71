package ai.tombot.identity.internal;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;

import static ai.tombot.ProblemAssertions.assertProblem;
import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant users over HTTPS: admins manage their own tenant, operators any tenant, other roles
 * only what the permission matrix grants, and nobody of one tenant even sees another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantUsersTests {

	private static final String PASSWORD = "Tenant-user-pass-1";

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	private String operator;

	private String alice;

	private String gary;

	@BeforeAll
	void start() throws Exception {
		// many failed logins from 127.0.0.1 here are deliberate: throttling is BruteForceTests' subject
		this.tombot = RunningTombot.start(dataDir, Map.of("tombot.auth.throttle-failures", "1000"));
		this.operator = this.tombot.setUpAndLogIn("ops", "Operator-pass-1234");
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}", this.operator);
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"globex\",\"name\":\"Globex\",\"region\":\"us\"}", this.operator);
		assertThat(createUser("acme", "alice", List.of("ADMIN"), this.operator).statusCode()).isEqualTo(201);
		assertThat(createUser("globex", "gary", List.of("ADMIN"), this.operator).statusCode()).isEqualTo(201);
		this.alice = logIn("acme", "alice");
		this.gary = logIn("globex", "gary");
	}

	@AfterAll
	void stop() {
		this.tombot.close();
	}

	private HttpResponse<String> createUser(String tenant, String username, List<String> roles, String token) {
		return this.tombot.post("/api/v1/tenants/" + tenant + "/users", json(Map.of("username", username, "email",
				username + "@example.com", "password", PASSWORD, "roles", roles)), token);
	}

	private String logIn(String tenant, String username) {
		HttpResponse<String> login = this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", tenant, "username", username, "password", PASSWORD)), null);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return parse(login.body()).get("token").asString();
	}

	private String idOf(String tenant, String username, String token) {
		for (JsonNode user : parse(this.tombot.get("/api/v1/tenants/" + tenant + "/users", token).body())) {
			if (user.get("username").asString().equals(username)) {
				return user.get("id").asString();
			}
		}
		throw new AssertionError(username + " not found");
	}

	@Test
	void admin_createsListsAndReadsOwnTenantsUsers() {
		HttpResponse<String> created = createUser("acme", "bob", List.of("AGENT", "READ_ONLY"), this.alice);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode bob = parse(created.body());
		assertThat(bob.get("roles").toString()).contains("AGENT").contains("READ_ONLY");
		assertThat(bob.get("status").asString()).isEqualTo("active");
		assertThat(created.body()).doesNotContain("password").doesNotContain("argon2");
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).endsWith("/api/v1/tenants/acme/users/" + bob.get("id").asString()));
		HttpResponse<String> list = this.tombot.get("/api/v1/tenants/acme/users", this.alice);
		assertThat(parse(list.body()).findValuesAsString("username")).contains("alice", "bob").doesNotContain("gary");
		assertThat(this.tombot.get("/api/v1/tenants/acme/users/" + bob.get("id").asString(), this.alice).statusCode())
			.isEqualTo(200);
	}

	@Test
	void create_badInput_answersTheRightProblem() {
		assertProblem(createUser("acme", "alice", List.of("AGENT"), this.alice), 409, "urn:tombot:problem:user-exists");
		assertProblem(createUser("acme", "newbie", List.of("OPERATOR"), this.alice), 400,
				"urn:tombot:problem:validation", "platform role");
		assertProblem(createUser("acme", "newbie", List.of("WIZARD"), this.alice), 400, "urn:tombot:problem:validation",
				"unknown role");
		assertProblem(createUser("acme", "newbie", List.of(), this.alice), 400, "urn:tombot:problem:validation", "roles");
		assertProblem(this.tombot.post("/api/v1/tenants/acme/users", json(Map.of("username", "newbie", "email", "not-mail",
				"password", PASSWORD, "roles", List.of("AGENT"))), this.alice), 400, "urn:tombot:problem:validation", "email");
		assertProblem(this.tombot.post("/api/v1/tenants/acme/users", json(Map.of("username", "newbie12345678",
				"password", "NEWBIE12345678", "roles", List.of("AGENT"))), this.alice), 400, "urn:tombot:problem:validation",
				"username");
		assertProblem(this.tombot.post("/api/v1/tenants/acme/users", "{\"username\":\"x\"}", this.alice), 400,
				"urn:tombot:problem:validation");
	}

	@Test
	void rolesWithoutPermission_get403_auditorMayRead() {
		createUser("acme", "agnes", List.of("AGENT"), this.alice);
		createUser("acme", "audrey", List.of("AUDITOR"), this.alice);
		String agnes = logIn("acme", "agnes");
		String audrey = logIn("acme", "audrey");
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", agnes), 403, "urn:tombot:problem:forbidden");
		assertProblem(createUser("acme", "sneaky", List.of("ADMIN"), agnes), 403, "urn:tombot:problem:forbidden");
		assertThat(this.tombot.get("/api/v1/tenants/acme/users", audrey).statusCode()).isEqualTo(200);
		assertProblem(createUser("acme", "sneaky", List.of("ADMIN"), audrey), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.get("/api/v1/tenants", this.alice), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/tenants", "{\"slug\":\"mine\",\"name\":\"M\",\"region\":\"eu\"}",
				this.alice), 403, "urn:tombot:problem:forbidden");
	}

	@Test
	void otherTenantsAdmin_getsTheSame404AsForATenantThatDoesNotExist() {
		String bobId = idOf("acme", "alice", this.alice);
		List<HttpResponse<String>> intoAcme = List.of(this.tombot.get("/api/v1/tenants/acme/users", this.gary),
				this.tombot.get("/api/v1/tenants/acme/users/" + bobId, this.gary),
				createUser("acme", "mole", List.of("ADMIN"), this.gary),
				this.tombot.patch("/api/v1/tenants/acme/users/" + bobId, "{\"status\":\"disabled\"}", this.gary),
				this.tombot.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants/acme/users/" + bobId)).DELETE()
					.header("Authorization", "Bearer " + this.gary)));
		HttpResponse<String> nowhere = this.tombot.get("/api/v1/tenants/acme-x/users", this.gary);
		assertProblem(nowhere, 404, "urn:tombot:problem:not-found");
		for (HttpResponse<String> answer : intoAcme) {
			assertProblem(answer, 404, "urn:tombot:problem:not-found");
			assertThat(answer.body()).doesNotContain("alice").doesNotContain("Acme");
		}
		assertThat(parse(this.tombot.get("/api/v1/tenants/acme/users/" + bobId, this.alice).body()).get("status")
			.asString()).isEqualTo("active");
	}

	@Test
	void operator_managesAnyTenantsUsers() {
		assertThat(this.tombot.get("/api/v1/tenants/globex/users", this.operator).statusCode()).isEqualTo(200);
		assertThat(createUser("globex", "gina", List.of("PRIVACY_OFFICER"), this.operator).statusCode()).isEqualTo(201);
	}

	@Test
	void disabling_endsTheUsersSessionsAtOnce_andLoginFailsLikeAnyOther() {
		createUser("acme", "dora", List.of("AGENT"), this.alice);
		String dora = logIn("acme", "dora");
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", dora), 403, "urn:tombot:problem:forbidden");
		String id = idOf("acme", "dora", this.alice);
		assertThat(this.tombot.patch("/api/v1/tenants/acme/users/" + id, "{\"status\":\"disabled\"}", this.alice)
			.statusCode()).isEqualTo(200);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", dora), 401, "urn:tombot:problem:unauthenticated");
		HttpResponse<String> disabledLogin = this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "acme", "username", "dora", "password", PASSWORD)), null);
		HttpResponse<String> wrongTenant = this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "globex", "username", "alice", "password", PASSWORD)), null);
		HttpResponse<String> noTenant = this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "nope", "username", "alice", "password", PASSWORD)), null);
		assertThat(disabledLogin.statusCode()).isEqualTo(401);
		assertThat(disabledLogin.body()).isEqualTo(wrongTenant.body()).isEqualTo(noTenant.body());
		this.tombot.patch("/api/v1/tenants/acme/users/" + id, "{\"status\":\"active\"}", this.alice);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", dora), 401, "urn:tombot:problem:unauthenticated");
	}

	@Test
	void suspendingTheTenant_endsItsUsersAccessUntilReactivated() {
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"initech\",\"name\":\"Initech\",\"region\":\"us\"}",
				this.operator);
		createUser("initech", "ivan", List.of("ADMIN"), this.operator);
		String ivan = logIn("initech", "ivan");
		assertThat(this.tombot.get("/api/v1/tenants/initech/users", ivan).statusCode()).isEqualTo(200);
		this.tombot.patch("/api/v1/tenants/initech", "{\"status\":\"suspended\"}", this.operator);
		assertProblem(this.tombot.get("/api/v1/tenants/initech/users", ivan), 401, "urn:tombot:problem:unauthenticated");
		assertThat(this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "initech", "username", "ivan", "password", PASSWORD)), null).statusCode())
			.isEqualTo(401);
		this.tombot.patch("/api/v1/tenants/initech", "{\"status\":\"active\"}", this.operator);
		assertThat(this.tombot.get("/api/v1/tenants/initech/users", ivan).statusCode()).isEqualTo(200);
	}

	@Test
	void tenFailedLogins_lockTheUser_untilAnAdminUnlocks() {
		createUser("acme", "lou", List.of("AGENT"), this.alice);
		for (int i = 0; i < 10; i++) {
			assertThat(this.tombot.post("/api/v1/auth/login",
					json(Map.of("tenant", "acme", "username", "lou", "password", "Wrong-password-" + i)), null).statusCode())
				.isEqualTo(401);
		}
		HttpResponse<String> locked = this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "acme", "username", "lou", "password", PASSWORD)), null);
		assertProblem(locked, 401, "urn:tombot:problem:login-failed");
		String id = idOf("acme", "lou", this.alice);
		assertThat(parse(this.tombot.get("/api/v1/tenants/acme/users/" + id, this.alice).body()).get("lockedUntil")
			.asString()).isNotBlank();
		assertProblem(this.tombot.post("/api/v1/tenants/acme/users/" + id + "/unlock", "", this.gary), 404,
				"urn:tombot:problem:not-found");
		HttpResponse<String> unlocked = this.tombot.post("/api/v1/tenants/acme/users/" + id + "/unlock", "", this.alice);
		assertThat(unlocked.statusCode()).isEqualTo(200);
		assertThat(parse(unlocked.body()).get("lockedUntil").isNull()).isTrue();
		assertThat(logIn("acme", "lou")).isNotBlank();
	}

	@Test
	void admin_cannotLockThemselvesOut_butChangesOthers() {
		String self = idOf("acme", "alice", this.alice);
		assertProblem(this.tombot.patch("/api/v1/tenants/acme/users/" + self, "{\"roles\":[\"AGENT\"]}", this.alice), 409,
				"urn:tombot:problem:self-lockout");
		assertProblem(this.tombot.patch("/api/v1/tenants/acme/users/" + self, "{\"status\":\"disabled\"}", this.alice),
				409, "urn:tombot:problem:self-lockout");
		assertProblem(this.tombot.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants/acme/users/" + self))
			.DELETE().header("Authorization", "Bearer " + this.alice)), 409, "urn:tombot:problem:self-lockout");
		createUser("acme", "eve", List.of("AGENT"), this.alice);
		String eve = idOf("acme", "eve", this.alice);
		HttpResponse<String> promoted = this.tombot.patch("/api/v1/tenants/acme/users/" + eve,
				"{\"roles\":[\"AGENT\",\"AUDITOR\"],\"email\":\"eve@acme.example\"}", this.alice);
		assertThat(parse(promoted.body()).get("roles").toString()).contains("AUDITOR");
		assertThat(parse(promoted.body()).get("email").asString()).isEqualTo("eve@acme.example");
		assertThat(this.tombot.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants/acme/users/" + eve)).DELETE()
			.header("Authorization", "Bearer " + this.alice)).statusCode()).isEqualTo(204);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users/" + eve, this.alice), 404, "urn:tombot:problem:not-found");
	}

}
