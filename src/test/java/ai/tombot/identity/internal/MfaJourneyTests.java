package ai.tombot.identity.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.TestTotp;
import ai.tombot.platform.Stores;

import static ai.tombot.ProblemAssertions.assertProblem;
import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP second factor over real HTTPS: an operator must enrol before any operator API answers
 * it; enrolment shows the secret once and answers recovery codes once; login then takes two
 * steps; a code is never accepted twice; recovery codes work once each; wrong codes count
 * toward lockout; a tenant can require MFA of all its users; an admin can reset a lost
 * factor. Nothing secret reaches the logs, with security and web logging at DEBUG.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class MfaJourneyTests {

	private static final String PASSWORD = "Mfa-journey-pass-1";

	private static final String MFA_FAILED = "urn:tombot:problem:mfa-failed";

	/** The body that starts an enrolment: the current password, again. */
	private static final String BEGIN = json(Map.of("currentPassword", PASSWORD));

	@TempDir
	static Path dataDir;

	@TempDir
	static Path journeyDataDir;

	/** The server of the tests other than the operator's journey, which has its own. */
	RunningTombot tombot;

	/** Its operator, enrolled by the test helper. */
	private String operator;

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir, properties());
		this.operator = this.tombot.setUpAndLogIn("ops", PASSWORD);
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}", this.operator);
	}

	private Map<String, String> properties() {
		Map<String, String> properties = new java.util.HashMap<>(newStores());
		properties.put("tombot.auth.throttle-failures", "10000");
		properties.put("logging.level.org.springframework.security", "DEBUG");
		properties.put("logging.level.org.springframework.web", "DEBUG");
		properties.put("logging.level.ai.tombot", "DEBUG");
		return properties;
	}

	/** Settings for a new, empty set of stores; none for embedded H2 in the data directory. */
	Map<String, String> newStores() {
		return Map.of();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private String operator() {
		return this.operator;
	}

	private JsonNode createUser(String username, String... roles) {
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/acme/users",
				json(Map.of("username", username, "password", PASSWORD, "roles", List.of(roles))), operator());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return parse(created.body());
	}

	private HttpResponse<String> login(String tenant, String username) {
		return login(this.tombot, tenant, username);
	}

	private HttpResponse<String> login(RunningTombot tombot, String tenant, String username) {
		Map<String, String> body = new java.util.LinkedHashMap<>();
		if (tenant != null) {
			body.put("tenant", tenant);
		}
		body.put("username", username);
		body.put("password", PASSWORD);
		return tombot.post("/api/v1/auth/login", json(body), null);
	}

	private String mfaToken(String tenant, String username) {
		return mfaToken(this.tombot, tenant, username);
	}

	private String mfaToken(RunningTombot tombot, String tenant, String username) {
		HttpResponse<String> first = login(tombot, tenant, username);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode answer = parse(first.body());
		assertThat(answer.get("mfaRequired").asBoolean()).isTrue();
		assertThat(answer.has("token")).as("no session before the second factor").isFalse();
		return answer.get("mfaToken").asString();
	}

	private HttpResponse<String> second(String mfaToken, String code) {
		return second(this.tombot, mfaToken, code);
	}

	private HttpResponse<String> second(RunningTombot tombot, String mfaToken, String code) {
		return tombot.post("/api/v1/auth/mfa", json(Map.of("mfaToken", mfaToken, "code", code)), null);
	}

	private String sessionOf(String tenant, String username) {
		return sessionOf(this.tombot, tenant, username);
	}

	private String sessionOf(RunningTombot tombot, String tenant, String username) {
		HttpResponse<String> answer = login(tombot, tenant, username);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return parse(answer.body()).get("token").asString();
	}

	/** Enrols by hand; answers the base32 secret, the step of the confirming code and the recovery codes. */
	private record Enrolled(String secret, long step, List<String> recoveryCodes) {
	}

	private Enrolled enrol(String token) {
		HttpResponse<String> begun = this.tombot.post("/api/v1/me/mfa/totp", BEGIN, token);
		assertThat(begun.statusCode()).as(begun.body()).isEqualTo(200);
		assertThat(begun.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		String secret = parse(begun.body()).get("secret").asString();
		long step = TestTotp.step(Instant.now());
		HttpResponse<String> confirmed = this.tombot.post("/api/v1/me/mfa/totp/confirm",
				json(Map.of("code", TestTotp.code(secret, step))), token);
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		List<String> codes = new ArrayList<>();
		parse(confirmed.body()).get("recoveryCodes").forEach(code -> codes.add(code.asString()));
		return new Enrolled(secret, step, codes);
	}

	@Test
	void operatorJourney_enrolThenTwoStepLogin_noReplay_recoveryCodesOnce_nothingSecretLogged(CapturedOutput output)
			throws Exception {
		try (RunningTombot own = RunningTombot.start(journeyDataDir, properties())) {
			operatorJourney(own, output);
		}
	}

	private void operatorJourney(RunningTombot tombot, CapturedOutput output) throws Exception {
		HttpResponse<String> setup = tombot.post("/api/v1/setup", json(Map.of("setupToken", tombot.setupToken(),
				"username", "olga", "password", PASSWORD)), null);
		assertThat(setup.statusCode()).as("setup needs no second factor").isEqualTo(201);
		String token = sessionOf(tombot, null, "olga");

		// before enrolment: only enrolment and one's own account answer an operator
		assertProblem(tombot.get("/api/v1/tenants", token), 403, "urn:tombot:problem:mfa-enrollment-required");
		assertProblem(tombot.post("/api/v1/tenants", "{\"slug\":\"x-co\",\"name\":\"X\",\"region\":\"eu\"}", token),
				403, "urn:tombot:problem:mfa-enrollment-required");
		assertThat(tombot.get("/api/v1/me", token).statusCode()).isEqualTo(200);
		assertProblem(tombot.post("/api/v1/me/mfa/totp/confirm", "{\"code\":\"123456\"}", token), 409,
				"urn:tombot:problem:mfa-enrollment-not-started");

		HttpResponse<String> noPassword = tombot.post("/api/v1/me/mfa/totp",
				json(Map.of("currentPassword", "Not-the-password-9")), token);
		assertProblem(noPassword, 400, "urn:tombot:problem:validation");
		assertThat(noPassword.body()).contains("currentPassword");
		HttpResponse<String> begun = tombot.post("/api/v1/me/mfa/totp", BEGIN, token);
		assertThat(begun.statusCode()).isEqualTo(200);
		JsonNode enrolment = parse(begun.body());
		String secret = enrolment.get("secret").asString();
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat(TestTotp.decode(secret)).hasSize(20);
		assertThat(enrolment.get("otpauthUri").asString()).startsWith("otpauth://totp/Tombot%3Aolga?")
			.contains("secret=" + secret, "issuer=Tombot", "algorithm=SHA1", "digits=6", "period=30");

		long step = TestTotp.step(Instant.now());
		String wrong = TestTotp.code(secret, step - 5);
		assertProblem(tombot.post("/api/v1/me/mfa/totp/confirm", json(Map.of("code", wrong)), token), 400,
				"urn:tombot:problem:mfa-code-invalid");
		HttpResponse<String> confirmed = tombot.post("/api/v1/me/mfa/totp/confirm",
				json(Map.of("code", TestTotp.code(secret, step))), token);
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		List<String> recovery = new ArrayList<>();
		parse(confirmed.body()).get("recoveryCodes").forEach(code -> recovery.add(code.asString()));
		assertThat(recovery).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
		assertProblem(tombot.post("/api/v1/me/mfa/totp", BEGIN, token), 409, "urn:tombot:problem:mfa-already-enrolled");
		assertThat(tombot.get("/api/v1/tenants", token).statusCode()).as("enrolled: the same session now works")
			.isEqualTo(200);

		// stored sealed and hashed, never as shown
		JdbcClient control = tombot.bean(Stores.class).control().jdbc();
		String stored = control.sql("select * from user_mfa").query().listOfRows().toString()
				+ control.sql("select * from mfa_recovery_code").query().listOfRows();
		assertThat(stored).doesNotContain(secret).doesNotContain(secret.toLowerCase());
		for (String code : recovery) {
			assertThat(stored).doesNotContain(code).doesNotContain(code.replace("-", ""));
		}

		// login in two steps; the code used at confirmation is refused on a live pending login
		// (a replay within its window), and the next one works once
		String mfaToken = mfaToken(tombot, null, "olga");
		assertProblem(tombot.get("/api/v1/tenants", mfaToken), 401, "urn:tombot:problem:unauthenticated");
		HttpResponse<String> replay = second(tombot, mfaToken, TestTotp.code(secret, step));
		assertProblem(replay, 401, MFA_FAILED);
		String next = TestTotp.code(secret, step + 1);
		HttpResponse<String> done = second(tombot, mfaToken, next);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
		String session = parse(done.body()).get("token").asString();
		assertThat(parse(done.body()).get("expiresAt").asString()).isNotBlank();
		assertThat(tombot.get("/api/v1/tenants", session).statusCode()).isEqualTo(200);
		assertProblem(second(tombot, mfaToken, next), 401, MFA_FAILED); // the pending login is used up
		assertProblem(second(tombot, mfaToken(tombot, null, "olga"), next), 401, MFA_FAILED); // replay, new login

		// a recovery code, in any case and without dashes, works once
		String recoveryCode = recovery.get(3);
		HttpResponse<String> recovered = second(tombot, mfaToken(tombot, null, "olga"), recoveryCode.replace("-", "").toUpperCase());
		assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
		assertProblem(second(tombot, mfaToken(tombot, null, "olga"), recoveryCode), 401, MFA_FAILED);

		// every failure of the second step looks the same
		String wrongAnswer = second(tombot, mfaToken(tombot, null, "olga"), "000000").body();
		String unknownToken = second(tombot, "no-such-token", TestTotp.code(secret, step + 1)).body();
		assertThat(strip(wrongAnswer)).isEqualTo(strip(unknownToken));

		String logs = output.getAll();
		assertThat(logs).doesNotContain(secret).doesNotContain(mfaToken).doesNotContain(session).doesNotContain(PASSWORD);
		for (String code : recovery) {
			assertThat(logs).doesNotContain(code);
		}
	}

	@Test
	void wrongCodes_endAPendingLoginAfterFiveTries_andLockTheAccountAtTheThreshold() {
		createUser("carol", "AGENT");
		Enrolled carol = enrol(sessionOf("acme", "carol"));
		String challenge = mfaToken("acme", "carol");
		for (int i = 0; i < 5; i++) {
			assertProblem(second(challenge, "000000"), 401, MFA_FAILED);
		}
		assertProblem(second(challenge, carol.recoveryCodes().get(0)), 401, MFA_FAILED);

		// 5 wrong codes so far; a right password does not count, 5 more wrong codes lock
		String again = mfaToken("acme", "carol");
		for (int i = 0; i < 5; i++) {
			assertProblem(second(again, "000000"), 401, MFA_FAILED);
		}
		assertProblem(login("acme", "carol"), 401, "urn:tombot:problem:login-failed");
		JdbcClient control = this.tombot.bean(Stores.class).control().jdbc();
		assertThat(control.sql("select locked_until from app_user where username = 'carol'").query(Object.class).single())
			.isNotNull();
	}

	@Test
	void aRightPasswordAndCode_afterNineWrongPasswords_logIn() {
		createUser("nina", "AGENT");
		Enrolled nina = enrol(sessionOf("acme", "nina"));
		for (int i = 0; i < 9; i++) {
			HttpResponse<String> wrong = this.tombot.post("/api/v1/auth/login",
					json(Map.of("tenant", "acme", "username", "nina", "password", "Wrong-password-" + i)), null);
			assertProblem(wrong, 401, "urn:tombot:problem:login-failed");
		}
		HttpResponse<String> done = second(mfaToken("acme", "nina"), TestTotp.code(nina.secret(), nina.step() + 1));
		assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
		JdbcClient control = this.tombot.bean(Stores.class).control().jdbc();
		assertThat(control.sql("select failed_attempts from app_user where username = 'nina'").query(Integer.class).single())
			.isZero();
	}

	@Test
	void parallelSecondSteps_withOneCode_logInOnce() throws Exception {
		createUser("pat", "AGENT");
		Enrolled pat = enrol(sessionOf("acme", "pat"));
		for (String code : List.of(pat.recoveryCodes().get(0), TestTotp.code(pat.secret(), pat.step() + 1))) {
			// 4 at a time: the 3 losers of each round count toward the lockout (threshold 10)
			List<String> challenges = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				challenges.add(mfaToken("acme", "pat"));
			}
			ExecutorService pool = Executors.newFixedThreadPool(challenges.size());
			try {
				List<Future<Integer>> answers = new ArrayList<>();
				for (String challenge : challenges) {
					answers.add(pool.submit(() -> second(challenge, code).statusCode()));
				}
				List<Integer> statuses = new ArrayList<>();
				for (Future<Integer> answer : answers) {
					statuses.add(answer.get());
				}
				assertThat(statuses).as("one code, %s", code.contains("-") ? "recovery" : "TOTP")
					.containsOnly(200, 401)
					.containsOnlyOnce(200);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void tenantPolicy_requiresEveryUserToEnrol_andAnAdminCanResetALostFactor() {
		createUser("alice", "ADMIN");
		JsonNode dave = createUser("dave", "AGENT", "READ_ONLY");
		String aliceToken = sessionOf("acme", "alice");
		assertThat(parse(this.tombot.get("/api/v1/tenants/acme/mfa-policy", aliceToken).body()).get("required")
			.asBoolean()).isFalse();
		String daveToken = sessionOf("acme", "dave");
		assertThat(this.tombot.get("/api/v1/me", daveToken).statusCode()).isEqualTo(200);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/mfa-policy", daveToken), 403,
				"urn:tombot:problem:forbidden");

		HttpResponse<String> set = this.tombot.put("/api/v1/tenants/acme/mfa-policy", "{\"required\":true}", aliceToken);
		assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
		assertThat(parse(set.body()).get("required").asBoolean()).isTrue();
		try {
			// existing sessions of users without a factor are held to enrolment at their next request
			assertProblem(this.tombot.get("/api/v1/tenants/acme/users", aliceToken), 403,
					"urn:tombot:problem:mfa-enrollment-required");
			enrol(aliceToken);
			assertThat(this.tombot.get("/api/v1/tenants/acme/users", aliceToken).statusCode()).isEqualTo(200);

			Enrolled daves = enrol(daveToken);
			String daveChallenge = mfaToken("acme", "dave");
			assertThat(second(daveChallenge, daves.recoveryCodes().get(0)).statusCode()).isEqualTo(200);

			// dave lost his phone and his codes: alice resets his factor, which ends his sessions
			HttpResponse<String> reset = this.tombot.delete(
					"/api/v1/tenants/acme/users/" + dave.get("id").asString() + "/mfa", aliceToken);
			assertThat(reset.statusCode()).isEqualTo(204);
			assertProblem(this.tombot.get("/api/v1/me", daveToken), 401, "urn:tombot:problem:unauthenticated");
			String fresh = sessionOf("acme", "dave");
			assertProblem(this.tombot.get("/api/v1/tenants/acme/users", fresh), 403,
					"urn:tombot:problem:mfa-enrollment-required");
		}
		finally {
			this.tombot.put("/api/v1/tenants/acme/mfa-policy", "{\"required\":false}", operator());
		}
		String agentAfter = sessionOf("acme", "dave");
		assertThat(this.tombot.get("/api/v1/me", agentAfter).statusCode()).isEqualTo(200);
		assertProblem(this.tombot.put("/api/v1/tenants/acme/mfa-policy", "{}", operator()), 400,
				"urn:tombot:problem:validation");
	}

	@Test
	void apiKeys_cannotEnrol_andTheSecondStepChecksItsBody() {
		HttpResponse<String> key = this.tombot.post("/api/v1/tenants/acme/api-keys",
				"{\"name\":\"bot\",\"scopes\":[\"messages:write\"]}", operator());
		String apiKey = parse(key.body()).get("key").asString();
		assertProblem(this.tombot.post("/api/v1/me/mfa/totp", BEGIN, apiKey), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/me/mfa/totp/confirm", "{\"code\":\"123456\"}", apiKey), 403,
				"urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/auth/mfa", "{\"mfaToken\":\"" + UUID.randomUUID() + "\"}", null), 400,
				"urn:tombot:problem:validation");
	}

	/** A problem body without its request-specific parts. */
	private static String strip(String body) {
		JsonNode problem = parse(body);
		return problem.get("type").asString() + problem.get("title").asString() + problem.get("detail").asString()
				+ problem.get("status").asInt();
	}

}
