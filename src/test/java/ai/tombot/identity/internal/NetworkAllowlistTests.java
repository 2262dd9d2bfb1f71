package ai.tombot.identity.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.context.PayloadApplicationEvent;

import ai.tombot.RunningTombot;
import ai.tombot.identity.NetworkAccessDenied;

import static ai.tombot.ProblemAssertions.assertProblem;
import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant's network allowlist binds its users' sessions, its API keys and its logins, over
 * IPv4 and IPv6; X-Forwarded-For counts only from a trusted proxy. The server here trusts
 * loopback as its proxy, so each request names its client address in X-Forwarded-For.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkAllowlistTests {

	private static final String PASSWORD = "Allowlist-pass-123";

	private static final String DENIED = "urn:tombot:problem:network-access-denied";

	private static final String INSIDE = "203.0.113.10";

	private static final String OUTSIDE = "198.51.100.7";

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	private String operator;

	private String apiKey;

	private final List<NetworkAccessDenied> denials = new CopyOnWriteArrayList<>();

	@BeforeAll
	void start() throws Exception {
		Map<String, String> properties = new HashMap<>(storeProperties());
		properties.put("tombot.network.trusted-proxies", "127.0.0.1,::1/128");
		properties.put("tombot.auth.throttle-failures", "10000");
		this.tombot = RunningTombot.start(dataDir, properties);
		this.tombot.context().addApplicationListener(event -> {
			if (event instanceof PayloadApplicationEvent<?> payload
					&& payload.getPayload() instanceof NetworkAccessDenied denied) {
				this.denials.add(denied);
			}
		});
		this.operator = this.tombot.setUpAndLogIn("ops", PASSWORD);
		for (String slug : List.of("acme", "globex")) {
			this.tombot.post("/api/v1/tenants", json(Map.of("slug", slug, "name", slug, "region", "us")), this.operator);
		}
		user("acme", "alice", "ADMIN");
		user("acme", "bob", "AGENT");
		user("globex", "gina", "ADMIN");
		this.apiKey = parse(this.tombot.post("/api/v1/tenants/acme/api-keys",
				"{\"name\":\"bot\",\"scopes\":[\"messages:write\"]}", this.operator).body())
			.get("key")
			.asString();
	}

	Map<String, String> storeProperties() {
		return Map.of();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private void user(String tenant, String username, String role) {
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/" + tenant + "/users",
				json(Map.of("username", username, "password", PASSWORD, "roles", List.of(role))), this.operator);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private HttpResponse<String> from(String address, String method, String path, String body, String token) {
		return this.tombot.send(this.tombot.jsonRequest(path, method, body, token).header("X-Forwarded-For", address));
	}

	private HttpResponse<String> login(String address, String tenant, String username, String password) {
		return from(address, "POST", "/api/v1/auth/login",
				json(Map.of("tenant", tenant, "username", username, "password", password)), null);
	}

	private String session(String address, String tenant, String username) {
		HttpResponse<String> answer = login(address, tenant, username, PASSWORD);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return parse(answer.body()).get("token").asString();
	}

	private HttpResponse<String> setAllowlist(String address, String token, String... cidrs) {
		return from(address, "PUT", "/api/v1/tenants/acme/network-allowlist", json(Map.of("cidrs", List.of(cidrs))),
				token);
	}

	@Test
	void allowlist_refusesSessionsKeysAndLoginsFromOutside_admitsInside_overIpv4AndIpv6() {
		String alice = session(INSIDE, "acme", "alice");
		String bob = session(OUTSIDE, "acme", "bob");
		String gina = session(OUTSIDE, "globex", "gina");
		HttpResponse<String> set = setAllowlist(INSIDE, alice, "203.0.113.0/24", "2001:DB8:1::/48");
		assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
		assertThat(parse(set.body()).get("cidrs").valueStream().map(JsonNode::asString).toList())
			.containsExactly("203.0.113.0/24", "2001:db8:1::/48");
		try {
			this.denials.clear();
			assertProblem(from(OUTSIDE, "GET", "/api/v1/me", "", bob), 403, DENIED);
			assertThat(this.denials).singleElement().satisfies(denied -> {
				assertThat(denied.sourceAddress()).isEqualTo(OUTSIDE);
				assertThat(denied.actorKind()).isEqualTo("user");
				assertThat(denied.request()).isEqualTo("GET /api/v1/me");
			});
			assertThat(from("203.0.113.99", "GET", "/api/v1/me", "", bob).statusCode()).isEqualTo(200);
			assertThat(from("2001:db8:1:5::1", "GET", "/api/v1/me", "", bob).statusCode()).isEqualTo(200);
			assertProblem(from("2001:db8:2::1", "GET", "/api/v1/me", "", bob), 403, DENIED);

			assertProblem(from(OUTSIDE, "GET", "/api/v1/me", "", this.apiKey), 403, DENIED);
			assertThat(this.denials).last().extracting(NetworkAccessDenied::actorKind).isEqualTo("apiKey");
			assertThat(from(INSIDE, "GET", "/api/v1/me", "", this.apiKey).statusCode()).isEqualTo(200);

			// a login from outside gets no session and the very answer of a wrong password, so
			// nobody outside can test passwords; the refusal is still reported
			HttpResponse<String> outsideLogin = login(OUTSIDE, "acme", "bob", PASSWORD);
			HttpResponse<String> wrongPassword = login(OUTSIDE, "acme", "bob", "Wrong-password-1");
			assertProblem(outsideLogin, 401, "urn:tombot:problem:login-failed");
			assertThat(outsideLogin.body()).isEqualTo(wrongPassword.body());
			assertThat(this.denials).last().satisfies(denied -> {
				assertThat(denied.actorKind()).isEqualTo("login");
				assertThat(denied.request()).isEqualTo("POST /api/v1/auth/login");
			});
			assertThat(session("203.0.113.200", "acme", "bob")).isNotBlank();

			// an address the client wrote itself, left of what the proxy appended, is not believed
			assertProblem(from("203.0.113.5, " + OUTSIDE, "GET", "/api/v1/me", "", bob), 403, DENIED);

			// other tenants and platform staff are not bound by acme's list
			assertThat(from(OUTSIDE, "GET", "/api/v1/me", "", gina).statusCode()).isEqualTo(200);
			assertThat(from(OUTSIDE, "GET", "/api/v1/tenants/acme/users", "", this.operator).statusCode()).isEqualTo(200);
			assertThat(parse(from(OUTSIDE, "GET", "/api/v1/tenants/acme/network-allowlist", "", this.operator).body())
				.get("cidrs")
				.size()).isEqualTo(2);
		}
		finally {
			assertThat(setAllowlist(OUTSIDE, this.operator).statusCode()).isEqualTo(200);
		}
		assertThat(from(OUTSIDE, "GET", "/api/v1/me", "", bob).statusCode()).as("lifted").isEqualTo(200);
	}

	@Test
	void aTenantAdmin_cannotLockItselfOut_anOperatorCan() {
		String alice = session(OUTSIDE, "acme", "alice");
		HttpResponse<String> locked = setAllowlist(OUTSIDE, alice, "203.0.113.0/24");
		assertProblem(locked, 409, "urn:tombot:problem:network-self-lockout");
		assertThat(locked.body()).contains(OUTSIDE);
		assertThat(from(OUTSIDE, "GET", "/api/v1/me", "", alice).statusCode()).as("nothing was set").isEqualTo(200);
		try {
			assertThat(setAllowlist(OUTSIDE, this.operator, "203.0.113.0/24").statusCode()).isEqualTo(200);
			assertProblem(from(OUTSIDE, "GET", "/api/v1/me", "", alice), 403, DENIED);
		}
		finally {
			setAllowlist(OUTSIDE, this.operator);
		}
	}

	@Test
	void badRanges_answer400NamingTheEntry_andChangeNothing() {
		HttpResponse<String> hostBits = setAllowlist(INSIDE, this.operator, "203.0.113.0/24", "10.0.0.1/8");
		assertProblem(hostBits, 400, "urn:tombot:problem:validation");
		assertThat(hostBits.body()).contains("cidrs[1]").contains("did you mean 10.0.0.0/8?");
		assertProblem(setAllowlist(INSIDE, this.operator, "intranet.example"), 400, "urn:tombot:problem:validation");
		assertProblem(setAllowlist(INSIDE, this.operator, "2001:db8::/129"), 400, "urn:tombot:problem:validation");
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			many.add("10.0." + i + ".0/24");
		}
		assertProblem(setAllowlist(INSIDE, this.operator, many.toArray(String[]::new)), 400,
				"urn:tombot:problem:validation");
		assertProblem(from(INSIDE, "PUT", "/api/v1/tenants/acme/network-allowlist", "{}", this.operator), 400,
				"urn:tombot:problem:validation");
		assertThat(parse(from(INSIDE, "GET", "/api/v1/tenants/acme/network-allowlist", "", this.operator).body())
			.get("cidrs")
			.size()).isZero();
		String bob = session(INSIDE, "acme", "bob");
		assertProblem(from(INSIDE, "GET", "/api/v1/tenants/acme/network-allowlist", "", bob), 403,
				"urn:tombot:problem:forbidden");
		assertProblem(from(INSIDE, "PUT", "/api/v1/tenants/acme/network-allowlist", "{\"cidrs\":[]}", this.apiKey), 403,
				"urn:tombot:problem:forbidden");
	}

	@Test
	void withoutTrustedProxies_forwardedForIsIgnored(@TempDir Path otherDir) throws Exception {
		Map<String, String> properties = new HashMap<>(storeProperties().isEmpty() ? Map.of() : otherStores());
		try (RunningTombot plain = RunningTombot.start(otherDir, properties)) {
			String ops = plain.setUpAndLogIn("ops", PASSWORD);
			plain.post("/api/v1/tenants", "{\"slug\":\"initech\",\"name\":\"I\",\"region\":\"eu\"}", ops);
			plain.post("/api/v1/tenants/initech/users",
					json(Map.of("username", "ivan", "password", PASSWORD, "roles", List.of("AGENT"))), ops);
			String ivan = plain.logIn("initech", "ivan", PASSWORD);
			HttpResponse<String> set = plain.send(plain.jsonRequest("/api/v1/tenants/initech/network-allowlist", "PUT",
					"{\"cidrs\":[\"203.0.113.0/24\"]}", ops));
			assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
			// the request really comes from loopback, outside the list, whatever the header claims
			HttpResponse<String> spoofed = plain.send(
					plain.jsonRequest("/api/v1/me", "GET", "", ivan).header("X-Forwarded-For", "203.0.113.5"));
			assertProblem(spoofed, 403, DENIED);
		}
	}

	/** Another set of external stores, for the second server of a PostgreSQL run. */
	Map<String, String> otherStores() {
		return Map.of();
	}

	@Test
	void aTrustedProxySettingThatIsNotARange_stopsStartupNamingIt(@TempDir Path otherDir) {
		assertThatThrownBy(() -> RunningTombot.start(otherDir, Map.of("tombot.network.trusted-proxies", "10.0.0.1/8"))
			.close()).hasStackTraceContaining("tombot.network.trusted-proxies: '10.0.0.1/8' has bits set");
	}

}
