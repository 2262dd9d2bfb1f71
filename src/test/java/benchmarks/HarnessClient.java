package benchmarks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;

/**
 * HTTPS to a {@link ServerProcess}, trusting exactly the certificate the server made in its
 * data directory, and the provisioning a harness needs: first-operator setup (with the
 * operator's second factor), a tenant, an API key, a tenant admin and a channel.
 */
final class HarnessClient {

	/** What provisioning made: the API key (messages:write and messages:read) and names. */
	record Tenant(String slug, String channel, String apiKey) {
	}

	private static final String ADMIN_PASSWORD = "Harness-admin-pass-1";

	private final ServerProcess server;

	private volatile HttpClient http;

	HarnessClient(ServerProcess server) {
		this.server = server;
	}

	/** Made once the server has made its certificate (at its first start). */
	private HttpClient http() {
		HttpClient client = this.http;
		if (client == null) {
			synchronized (this) {
				if (this.http == null) {
					this.http = HttpClient.newBuilder()
						.version(HttpClient.Version.HTTP_1_1)
						.sslContext(RunningTombot.trusting(this.server.dataDir().resolve("tls/server.crt")))
						.connectTimeout(Duration.ofSeconds(2))
						.followRedirects(HttpClient.Redirect.NEVER)
						.build();
				}
				client = this.http;
			}
		}
		return client;
	}

	/** {@code GET /actuator/health} answers 200 (false before the certificate exists, or on no answer). */
	boolean healthy() throws InterruptedException {
		if (this.http == null && !Files.exists(this.server.dataDir().resolve("tls/server.crt"))) {
			return false;
		}
		try {
			http();
		}
		catch (IllegalStateException ex) {
			return false; // the certificate is being written
		}
		try {
			return send(request("/actuator/health", null).timeout(Duration.ofSeconds(2)).GET().build())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.server.uri(path)).timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http().send(request, HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(String path, Object body, String token) throws IOException, InterruptedException {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(RunningTombot.json(body)))
			.build());
	}

	HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		return send(request(path, token).GET().build());
	}

	private JsonNode expect(HttpResponse<String> answer, int status, String what) {
		if (answer.statusCode() != status) {
			throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
		}
		return answer.body().isEmpty() ? null : RunningTombot.parse(answer.body());
	}

	/**
	 * On a new server: the first operator (with TOTP), tenant {@code slug} in region us, an
	 * API key with messages:write and messages:read, a tenant admin, and a web channel.
	 */
	Tenant provision(String slug) throws IOException, InterruptedException {
		String setupToken = Files.readString(this.server.dataDir().resolve("setup-token")).strip();
		String password = "Harness-operator-pass-1";
		expect(post("/api/v1/setup", Map.of("setupToken", setupToken, "username", "ops", "password", password), null), 201,
				"setup");
		String operator = expect(post("/api/v1/auth/login", Map.of("username", "ops", "password", password), null), 200,
				"operator login").get("token").asString();
		JsonNode begun = expect(post("/api/v1/me/mfa/totp", Map.of("currentPassword", password), operator), 200,
				"MFA enrolment");
		RunningTombot.Authenticator app = new RunningTombot.Authenticator(begun.get("secret").asString());
		expect(post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), operator), 200, "MFA confirmation");
		expect(post("/api/v1/tenants", Map.of("slug", slug, "name", "Fault harness", "region", "us"), operator), 201,
				"tenant creation");
		String key = expect(post("/api/v1/tenants/" + slug + "/api-keys",
				Map.of("name", "harness", "scopes", List.of("messages:write", "messages:read")), operator), 201,
				"API key creation")
			.get("key")
			.asString();
		Map<String, Object> admin = new LinkedHashMap<>();
		admin.put("username", "admin");
		admin.put("password", ADMIN_PASSWORD);
		admin.put("roles", List.of("ADMIN"));
		expect(post("/api/v1/tenants/" + slug + "/users", admin, operator), 201, "tenant admin creation");
		String adminToken = adminLogin(slug);
		expect(post("/api/v1/tenants/" + slug + "/channels", Map.of("name", "web", "kind", "web"), adminToken), 201,
				"channel creation");
		return new Tenant(slug, "web", key);
	}

	private String adminLogin(String slug) throws IOException, InterruptedException {
		return expect(post("/api/v1/auth/login", Map.of("tenant", slug, "username", "admin", "password", ADMIN_PASSWORD),
				null), 200, "tenant admin login")
			.get("token")
			.asString();
	}

	/**
	 * The tenant's audit trail as its admin reads it: how many {@code message.create} entries
	 * name each message id.
	 */
	Map<String, Integer> creationEntries(Tenant tenant) throws IOException, InterruptedException {
		String admin = adminLogin(tenant.slug());
		Map<String, Integer> entries = new LinkedHashMap<>();
		String cursor = null;
		do {
			String path = "/api/v1/tenants/" + tenant.slug() + "/audit?action=message.create&limit=500"
					+ (cursor == null ? "" : "&cursor=" + cursor);
			JsonNode page = expect(get(path, admin), 200, "audit query");
			for (JsonNode entry : page.get("entries")) {
				entries.merge(entry.get("resource").get("id").asString(), 1, Integer::sum);
			}
			cursor = nextCursor(page);
		}
		while (cursor != null);
		return entries;
	}

	/** Every message of every conversation of the tenant's channel: client message id to stored ids. */
	Map<String, List<String>> readBack(Tenant tenant) throws IOException, InterruptedException {
		Map<String, List<String>> found = new LinkedHashMap<>();
		String cursor = null;
		do {
			String path = "/api/v1/tenants/" + tenant.slug() + "/conversations?channel=" + tenant.channel() + "&limit=100"
					+ (cursor == null ? "" : "&cursor=" + cursor);
			JsonNode page = expect(get(path, tenant.apiKey()), 200, "conversation listing");
			for (JsonNode conversation : page.get("conversations")) {
				readConversation(tenant, conversation.get("id").asString(), found);
			}
			cursor = nextCursor(page);
		}
		while (cursor != null);
		return found;
	}

	private static String nextCursor(JsonNode page) {
		JsonNode next = page.path("nextCursor");
		return next.isMissingNode() || next.isNull() ? null : next.asString();
	}

	private void readConversation(Tenant tenant, String conversation, Map<String, List<String>> found)
			throws IOException, InterruptedException {
		String cursor = null;
		do {
			String path = "/api/v1/tenants/" + tenant.slug() + "/conversations/" + conversation + "/messages?limit=100"
					+ (cursor == null ? "" : "&cursor=" + cursor);
			JsonNode page = expect(get(path, tenant.apiKey()), 200, "message read");
			for (JsonNode message : page.get("messages")) {
				found.computeIfAbsent(message.get("clientMessageId").asString(), id -> new java.util.ArrayList<>())
					.add(message.get("id").asString());
			}
			cursor = nextCursor(page);
		}
		while (cursor != null);
	}

}
