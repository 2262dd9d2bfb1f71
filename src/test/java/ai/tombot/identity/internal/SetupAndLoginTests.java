package ai.tombot.identity.internal;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

import static ai.tombot.ProblemAssertions.assertProblem;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Setup of the first operator and login, over HTTPS, in the order an operator meets them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupAndLoginTests {

	private static final String PASSWORD = "Sturdy-password-1";

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	@BeforeAll
	void start() {
		this.tombot = RunningTombot.start(dataDir);
	}

	@AfterAll
	void stop() {
		this.tombot.close();
	}

	private HttpResponse<String> setup(String token, String username, String password) {
		return this.tombot.post("/api/v1/setup",
				json(Map.of("setupToken", token, "username", username, "password", password)), null);
	}

	@Test
	@Order(1)
	void setup_badInput_answers400ProblemNamingTheField() throws Exception {
		String token = this.tombot.setupToken();
		assertProblem(this.tombot.post("/api/v1/setup", "{\"setupToken\":\"" + token + "\",\"username\":\"ops\"}", null),
				400, "urn:tombot:problem:validation", "password");
		assertProblem(setup(token, "o p", PASSWORD), 400, "urn:tombot:problem:validation", "username");
		assertProblem(setup(token, "ops", "short1"), 400, "urn:tombot:problem:validation", "12 to 128");
		assertProblem(setup(token, "ops", "onlylettersandmore"), 400, "urn:tombot:problem:validation", "one digit");
		assertProblem(setup(token, "ops", "x1".repeat(65)), 400, "urn:tombot:problem:validation", "(has 130)");
		assertProblem(setup(token, "opsadmin1234", "OPSADMIN1234"), 400, "urn:tombot:problem:validation", "username");
		assertProblem(this.tombot.post("/api/v1/setup", "{\"setupToken\":", null), 400,
				"urn:tombot:problem:malformed-body", "not well-formed");
		assertProblem(this.tombot.post("/api/v1/setup",
				"{\"setupToken\":\"" + token + "\",\"username\":\"ops\",\"password\":\"" + PASSWORD + "\",\"admin\":true}",
				null), 400, "urn:tombot:problem:malformed-body", "admin");
		assertProblem(this.tombot.post("/api/v1/setup", "{\"setupToken\":\"" + "t".repeat(1024 * 1024) + "\"}", null), 413,
				"urn:tombot:problem:payload-too-large");
		assertProblem(this.tombot.post("/api/v1/auth/login", "{\"username\":\"" + "u".repeat(1024 * 1024) + "\"}", null),
				413, "urn:tombot:problem:payload-too-large");
		assertThat(Files.exists(dataDir.resolve("setup-token"))).as("bad input does not use up the token").isTrue();
	}

	@Test
	@Order(2)
	void setup_wrongToken_answers401AndKeepsTheTokenValid() {
		assertProblem(setup("wrong-token", "ops", PASSWORD), 401, "urn:tombot:problem:invalid-setup-token", "not valid");
		assertThat(Files.exists(dataDir.resolve("setup-token"))).isTrue();
	}

	@Test
	@Order(3)
	void setup_rightTokenSentSixTimesAtOnce_worksOnceThenAnswers409() throws Exception {
		String token = this.tombot.setupToken();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
		java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			answers.add(pool.submit(() -> setup(token, "ops", PASSWORD)));
		}
		java.util.List<HttpResponse<String>> done = new java.util.ArrayList<>();
		for (var answer : answers) {
			done.add(answer.get());
		}
		pool.shutdown();
		assertThat(done).extracting(HttpResponse::statusCode).containsOnly(201, 409).containsOnlyOnce(201);
		HttpResponse<String> first = done.stream().filter(a -> a.statusCode() == 201).findFirst().orElseThrow();
		assertThat(parse(first.body()).get("roles").toString()).contains("OPERATOR");
		assertThat(this.tombot.bean(Stores.class).control().jdbc().sql("select count(*) from app_user")
			.query(Integer.class).single()).isOne();
		assertThat(Files.exists(dataDir.resolve("setup-token"))).isFalse();
		assertProblem(setup(token, "ops2", PASSWORD), 409, "urn:tombot:problem:setup-already-done", "exists already");
		assertProblem(setup("anything", "ops3", PASSWORD), 409, "urn:tombot:problem:setup-already-done", "");
	}

	@Test
	@Order(4)
	void setup_storesArgon2idHashWithAsvsParameters() {
		String hash = this.tombot.bean(Stores.class)
			.control()
			.jdbc()
			.sql("select password_hash from app_user where username = 'ops'")
			.query(String.class)
			.single();
		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
	}

	@Test
	@Order(5)
	void login_rightPassword_answersOpaqueTokenStoredOnlyAsHash() {
		HttpResponse<String> login = this.tombot.post("/api/v1/auth/login",
				json(Map.of("username", "ops", "password", PASSWORD)), null);
		assertThat(login.statusCode()).isEqualTo(200);
		JsonNode body = parse(login.body());
		String token = body.get("token").asString();
		assertThat(java.util.Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
		assertThat(body.get("expiresAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		JdbcClient control = this.tombot.bean(Stores.class).control().jdbc();
		assertThat(control.sql("select count(*) from user_session where token_hash = :t").param("t", token)
			.query(Integer.class).single()).isZero();
		assertThat(control.sql("select count(*) from user_session where token_hash = :t").param("t", Tokens.hash(token))
			.query(Integer.class).single()).isOne();
		assertThat(this.tombot.get("/api/v1/me", token).statusCode()).isEqualTo(200);
		assertProblem(this.tombot.get("/api/v1/tenants", token), 403, "urn:tombot:problem:mfa-enrollment-required");
	}

	@Test
	@Order(6)
	void login_twice_givesANewTokenEachTime() {
		assertThat(this.tombot.logIn("ops", PASSWORD)).isNotEqualTo(this.tombot.logIn("ops", PASSWORD));
	}

	@Test
	@Order(7)
	void login_unknownUserAndWrongPassword_answerTheIdentical401() {
		HttpResponse<String> unknown = this.tombot.post("/api/v1/auth/login",
				json(Map.of("username", "nobody", "password", PASSWORD)), null);
		HttpResponse<String> wrong = this.tombot.post("/api/v1/auth/login",
				json(Map.of("username", "ops", "password", PASSWORD + "x")), null);
		HttpResponse<String> truncated = this.tombot.post("/api/v1/auth/login",
				json(Map.of("username", "ops", "password", PASSWORD.substring(0, PASSWORD.length() - 1))), null);
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(truncated.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).isEqualTo(unknown.body()).isEqualTo(truncated.body());
		assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(parse(wrong.body()).get("type").asString()).isEqualTo("urn:tombot:problem:login-failed");
	}

	@Test
	@Order(8)
	void login_missingFields_answers400() {
		assertProblem(this.tombot.post("/api/v1/auth/login", "{\"username\":\"ops\"}", null), 400,
				"urn:tombot:problem:validation", "password");
		assertProblem(this.tombot.post("/api/v1/auth/login", "", null), 400, "urn:tombot:problem:malformed-body", "");
	}

	@Test
	@Order(9)
	void bearer_unknownOrMalformedToken_answers401WithChallenge() {
		for (String header : new String[] { "Bearer nope", "Bearer ", "Basic b3BzOng=", "Bearer " + "a".repeat(500) }) {
			HttpResponse<String> answer = this.tombot.send(java.net.http.HttpRequest
				.newBuilder(this.tombot.uri("/api/v1/tenants"))
				.header("Authorization", header));
			assertThat(answer.statusCode()).as(header).isEqualTo(401);
			assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
			assertThat(parse(answer.body()).get("type").asString()).isEqualTo("urn:tombot:problem:unauthenticated");
		}
	}


	@Test
	@Order(99)
	void login_manyFailuresFromOneAddress_answer429WithRetryAfter() {
		HttpResponse<String> answer = null;
		for (int i = 0; i < 30; i++) {
			answer = this.tombot.post("/api/v1/auth/login",
					json(Map.of("username", "sprayed-" + i, "password", "Wrong-password-1")), null);
			if (answer.statusCode() == 429) {
				break;
			}
			assertThat(answer.statusCode()).isEqualTo(401);
		}
		assertProblem(answer, 429, "urn:tombot:problem:login-throttled", "retry in");
		assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
		assertProblem(this.tombot.post("/api/v1/auth/login", json(Map.of("username", "ops", "password", PASSWORD)), null),
				429, "urn:tombot:problem:login-throttled");
	}

}
