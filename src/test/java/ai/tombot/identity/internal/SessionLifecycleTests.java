package ai.tombot.identity.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

import static ai.tombot.ProblemAssertions.assertProblem;
import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Logout, password changes and forced changes, over HTTPS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLifecycleTests {

	private static final String PASSWORD = "Lifecycle-pass-1";

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	private String operator;

	@BeforeAll
	void start() throws Exception {
		Map<String, String> properties = new java.util.HashMap<>(storeProperties());
		properties.put("tombot.auth.throttle-failures", "1000");
		this.tombot = RunningTombot.start(dataDir, properties);
		this.operator = this.tombot.setUpAndLogIn("ops", "Operator-pass-1234");
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}", this.operator);
	}

	/** The store settings; none for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private void user(String username, boolean mustChange) {
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/acme/users", json(Map.of("username", username,
				"password", PASSWORD, "roles", List.of("ADMIN"), "mustChangePassword", mustChange)), this.operator);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private HttpResponse<String> login(String username, String password) {
		return this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "acme", "username", username, "password", password)), null);
	}

	private String token(String username, String password) {
		HttpResponse<String> answer = login(username, password);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return parse(answer.body()).get("token").asString();
	}

	private HttpResponse<String> change(String token, String current, String next) {
		return this.tombot.post("/api/v1/me/password", json(Map.of("currentPassword", current, "newPassword", next)),
				token);
	}

	@Test
	void logout_endsThisSessionOnly() {
		user("lena", false);
		String first = token("lena", PASSWORD);
		String second = token("lena", PASSWORD);
		assertThat(this.tombot.post("/api/v1/auth/logout", "", first).statusCode()).isEqualTo(204);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", first), 401, "urn:tombot:problem:unauthenticated");
		assertThat(this.tombot.get("/api/v1/tenants/acme/users", second).statusCode()).isEqualTo(200);
	}

	@Test
	void passwordChange_endsOtherSessions_keepsThisOne_andTheNewPasswordWorks() {
		user("max", false);
		String other = token("max", PASSWORD);
		String current = token("max", PASSWORD);
		assertThat(change(current, PASSWORD, "Max-new-pass-2026").statusCode()).isEqualTo(204);
		assertThat(this.tombot.get("/api/v1/tenants/acme/users", current).statusCode()).isEqualTo(200);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", other), 401, "urn:tombot:problem:unauthenticated");
		assertThat(login("max", PASSWORD).statusCode()).isEqualTo(401);
		assertThat(token("max", "Max-new-pass-2026")).isNotBlank();
	}

	@Test
	void passwordChange_refusesWrongCurrentPolicyBreachesAndTheLastFour() {
		user("nina", false);
		String token = token("nina", PASSWORD);
		assertProblem(change(token, "Not-the-pass-1", "Nina-fresh-pass-1"), 400, "urn:tombot:problem:validation",
				"currentPassword");
		assertProblem(change(token, PASSWORD, "qwerty123456"), 400, "urn:tombot:problem:validation", "commonly used");
		assertProblem(change(token, PASSWORD, "nina-short1"), 400, "urn:tombot:problem:validation", "12 to 128");
		String current = PASSWORD;
		for (int i = 1; i <= 3; i++) {
			String next = "Nina-rotation-" + i + "x";
			assertThat(change(token, current, next).statusCode()).isEqualTo(204);
			current = next;
		}
		assertProblem(change(token, current, PASSWORD), 400, "urn:tombot:problem:validation", "last 4");
		assertProblem(change(token, current, current), 400, "urn:tombot:problem:validation", "last 4");
		assertThat(change(token, current, "Nina-rotation-4x").statusCode()).isEqualTo(204);
		assertThat(change(token, "Nina-rotation-4x", PASSWORD).statusCode()).as("five changes ago is allowed again")
			.isEqualTo(204);
	}

	@Test
	void guessingTheCurrentPassword_locksTheAccountAndEndsItsSessions() {
		user("rita", false);
		String token = token("rita", PASSWORD);
		for (int i = 0; i < 9; i++) {
			assertProblem(change(token, "Guess-number-" + i, "Rita-new-pass-1"), 400, "urn:tombot:problem:validation",
					"currentPassword");
		}
		assertThat(this.tombot.get("/api/v1/tenants/acme/users", token).statusCode()).isEqualTo(200);
		assertProblem(change(token, "Guess-number-9", "Rita-new-pass-1"), 400, "urn:tombot:problem:validation");
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", token), 401, "urn:tombot:problem:unauthenticated");
		assertThat(login("rita", PASSWORD).statusCode()).as("locked").isEqualTo(401);
	}

	@Test
	void forcedChange_allowsOnlyThePasswordChangeUntilDone() {
		user("omar", true);
		String token = token("omar", PASSWORD);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", token), 403,
				"urn:tombot:problem:password-change-required");
		assertThat(change(token, PASSWORD, "Omar-own-pass-77").statusCode()).isEqualTo(204);
		assertThat(this.tombot.get("/api/v1/tenants/acme/users", token).statusCode()).isEqualTo(200);
	}

	@Test
	void adminForcesAPasswordChange_theUserMustChangeBeforeAnythingElse() {
		user("quinn", false);
		String token = token("quinn", PASSWORD);
		String id = null;
		for (var user : parse(this.tombot.get("/api/v1/tenants/acme/users", token).body())) {
			if (user.get("username").asString().equals("quinn")) {
				id = user.get("id").asString();
			}
		}
		assertThat(this.tombot.patch("/api/v1/tenants/acme/users/" + id, "{\"mustChangePassword\":true}", this.operator)
			.statusCode()).isEqualTo(200);
		assertProblem(this.tombot.get("/api/v1/tenants/acme/users", token), 403,
				"urn:tombot:problem:password-change-required");
		assertThat(this.tombot.post("/api/v1/auth/logout", "", token).statusCode()).isEqualTo(204);
	}

	@Test
	void login_hashWithOlderParameters_isRedoneWithTodays() {
		user("paula", false);
		String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(PASSWORD);
		var control = this.tombot.bean(Stores.class).control().jdbc();
		control.sql("update app_user set password_hash = :hash where username = 'paula'").param("hash", weak).update();
		token("paula", PASSWORD);
		String now = control.sql("select password_hash from app_user where username = 'paula'").query(String.class)
			.single();
		assertThat(now).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(token("paula", PASSWORD)).isNotBlank();
	}


	private HttpResponse<String> withCookie(String method, String path, String token, String... headers) {
		java.net.http.HttpRequest.Builder request = this.tombot.jsonRequest(path, method, method.equals("GET") ? "" : "{}",
				null)
			.header("Cookie", SessionCookie.NAME + "=" + token);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.tombot.send(request);
	}

	@Test
	void consoleCookie_carriesTheSameSession_unsafeRequestsOnlyFromThisOrigin_logoutClearsIt() {
		user("cookie-user", false);
		String token = token("cookie-user", PASSWORD);
		String self = "https://localhost:" + this.tombot.port();
		assertThat(withCookie("GET", "/api/v1/me", token).statusCode()).isEqualTo(200);

		// a request that changes something must show it comes from this site
		assertProblem(withCookie("POST", "/api/v1/auth/logout", token), 403, "urn:tombot:problem:cross-site-request");
		assertProblem(withCookie("POST", "/api/v1/auth/logout", token, "Origin", "https://evil.example"), 403,
				"urn:tombot:problem:cross-site-request");
		assertProblem(withCookie("POST", "/api/v1/auth/logout", token, "Origin", "http://localhost:" + this.tombot.port()),
				403, "urn:tombot:problem:cross-site-request");
		assertProblem(withCookie("POST", "/api/v1/auth/logout", token, "Sec-Fetch-Site", "cross-site"), 403,
				"urn:tombot:problem:cross-site-request");
		assertThat(withCookie("GET", "/api/v1/me", token).statusCode()).as("still logged in").isEqualTo(200);
		HttpResponse<String> fetchSameOrigin = withCookie("POST", "/api/v1/me/password", token, "Sec-Fetch-Site",
				"same-origin");
		assertProblem(fetchSameOrigin, 400, "urn:tombot:problem:validation"); // past the check, to the body's

		HttpResponse<String> loggedOut = withCookie("POST", "/api/v1/auth/logout", token, "Origin", self);
		assertThat(loggedOut.statusCode()).isEqualTo(204);
		assertThat(loggedOut.headers().firstValue("Set-Cookie").orElse(""))
			.startsWith(SessionCookie.NAME + "=;").contains("Max-Age=0");

		// the ended session's cookie is forgotten: anonymous, so the login page still works
		HttpResponse<String> after = withCookie("GET", "/api/v1/me", token);
		assertProblem(after, 401, "urn:tombot:problem:unauthenticated");
		assertThat(after.headers().firstValue("Set-Cookie").orElse("")).contains("Max-Age=0");
		HttpResponse<String> relogin = this.tombot.send(this.tombot
			.jsonRequest("/api/v1/auth/login", "POST",
					json(Map.of("tenant", "acme", "username", "cookie-user", "password", PASSWORD)), null)
			.header("Cookie", SessionCookie.NAME + "=" + token)
			.header("Sec-Fetch-Site", "same-origin"));
		assertThat(relogin.statusCode()).as(relogin.body()).isEqualTo(200);

		// the Authorization header wins over a cookie
		String fresh = parse(relogin.body()).get("token").asString();
		HttpResponse<String> both = this.tombot.send(this.tombot.jsonRequest("/api/v1/me", "GET", "", fresh)
			.header("Cookie", SessionCookie.NAME + "=" + token));
		assertThat(both.statusCode()).isEqualTo(200);
	}

	@Test
	void sessionCookie_isHostOnlySecureHttpOnlyStrict_andLivesAsLongAsTheSession() {
		java.time.Instant now = java.time.Instant.parse("2026-11-29T10:00:00Z");
		String cookie = SessionCookie.issue(new SessionStore.NewSession("tok", now.plusSeconds(43200)), now).toString();
		assertThat(cookie).startsWith("__Host-tombot-session=tok;")
			.contains("Path=/", "Max-Age=43200", "Secure", "HttpOnly", "SameSite=Strict")
			.doesNotContainIgnoringCase("Domain");
	}

}
