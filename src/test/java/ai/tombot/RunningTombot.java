package ai.tombot;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Tombot server for tests, started like {@code ./tombot serve} on a data directory,
 * on a random HTTPS port, and reached over real HTTPS by a client that trusts exactly the
 * certificate the server made.
 */
public final class RunningTombot implements AutoCloseable {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final Path dataDir;

	private final HttpClient client;

	private RunningTombot(ConfigurableApplicationContext context, Path dataDir) {
		this.context = context;
		this.dataDir = dataDir;
		Path certificate = dataDir.resolve("tls/server.crt");
		this.client = HttpClient.newBuilder()
			.sslContext(Files.exists(certificate) ? trusting(certificate) : defaultContext())
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** Starts a server on {@code dataDir} with the given extra properties. */
	public static RunningTombot start(Path dataDir, Map<String, String> properties) {
		return start(dataDir, properties, null);
	}

	/**
	 * Starts a server whose components all read time from {@code clock} (the primary
	 * {@link java.time.Clock} bean); null for the system clock.
	 */
	public static RunningTombot start(Path dataDir, Map<String, String> properties, java.time.Clock clock) {
		return start(dataDir, properties, clock, null);
	}

	/** As {@link #start(Path, Map, java.time.Clock)}, with an initializer of the context (e.g. to add beans); null for none. */
	public static RunningTombot start(Path dataDir, Map<String, String> properties, java.time.Clock clock,
			org.springframework.context.ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("tombot.data-dir", dataDir.toString());
		all.put("tombot.https-port", "0");
		all.put("tombot.http-port", "0");
		all.putAll(properties);
		SpringApplication app = new SpringApplication(TombotApplication.class);
		app.setDefaultProperties(Map.of());
		if (clock != null) {
			app.addInitializers(context -> ((org.springframework.context.support.GenericApplicationContext) context)
				.registerBean("testClock", java.time.Clock.class, () -> clock, definition -> definition.setPrimary(true)));
		}
		if (initializer != null) {
			app.addInitializers(initializer);
		}
		String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new RunningTombot(app.run(args), dataDir);
	}

	public static RunningTombot start(Path dataDir) {
		return start(dataDir, Map.of());
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public Path dataDir() {
		return this.dataDir;
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public URI uri(String path) {
		return URI.create("https://localhost:" + port() + path);
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> get(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	public HttpResponse<String> post(String path, String json, String token) {
		return send(jsonRequest(path, "POST", json, token));
	}

	public HttpResponse<String> patch(String path, String json, String token) {
		return send(jsonRequest(path, "PATCH", json, token));
	}

	public HttpResponse<String> delete(String path, String token) {
		return send(jsonRequest(path, "DELETE", "", token));
	}

	public HttpResponse<String> put(String path, String json, String token) {
		return send(jsonRequest(path, "PUT", json, token));
	}

	public HttpRequest.Builder jsonRequest(String path, String method, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	public String setupToken() throws IOException {
		return Files.readString(this.dataDir.resolve("setup-token")).strip();
	}

	/**
	 * Runs setup with the token from the data directory, logs in, and enrols the operator's
	 * second factor (which platform staff must have); answers the bearer token, which then
	 * reaches every operator API.
	 */
	public String setUpAndLogIn(String username, String password) throws IOException {
		HttpResponse<String> setup = post("/api/v1/setup", json(Map.of("setupToken", setupToken(), "username", username,
				"password", password)), null);
		if (setup.statusCode() != 201) {
			throw new IllegalStateException("setup answered " + setup.statusCode() + ": " + setup.body());
		}
		String token = logIn(username, password);
		enrolMfa(null, username, password, token);
		return token;
	}

	/**
	 * Enrols a TOTP second factor for the user of {@code token}, remembering it for later
	 * logins through any server on the same data directory.
	 */
	public Authenticator enrolMfa(String tenant, String username, String password, String token) {
		HttpResponse<String> begun = post("/api/v1/me/mfa/totp", json(Map.of("currentPassword", password)), token);
		if (begun.statusCode() != 200) {
			throw new IllegalStateException("MFA enrolment answered " + begun.statusCode() + ": " + begun.body());
		}
		Authenticator app = new Authenticator(parse(begun.body()).get("secret").asString());
		HttpResponse<String> confirmed = post("/api/v1/me/mfa/totp/confirm", json(Map.of("code", app.nextCode())),
				token);
		if (confirmed.statusCode() != 200) {
			throw new IllegalStateException("MFA confirmation answered " + confirmed.statusCode() + ": "
					+ confirmed.body());
		}
		parse(confirmed.body()).get("recoveryCodes").forEach(code -> app.recoveryCodes.add(code.asString()));
		AUTHENTICATORS.put(authenticatorKey(tenant, username), app);
		return app;
	}

	private String authenticatorKey(String tenant, String username) {
		return this.dataDir.toAbsolutePath() + "|" + tenant + "/" + username;
	}

	/**
	 * A user's authenticator app, as far as tests need one: the next TOTP code the server has
	 * not seen yet (it refuses a code twice), or, when that is a step too far ahead, a recovery
	 * code, so that tests need not wait for the clock.
	 */
	public static final class Authenticator {

		private final String secret;

		private long lastStep = -1;

		private final java.util.Deque<String> recoveryCodes = new java.util.ArrayDeque<>();

		public Authenticator(String secret) {
			this.secret = secret;
		}

		public String secret() {
			return this.secret;
		}

		public synchronized java.util.List<String> recoveryCodes() {
			return java.util.List.copyOf(this.recoveryCodes);
		}

		public synchronized String nextCode() {
			long now = TestTotp.step(java.time.Instant.now());
			long step = Math.max(now, this.lastStep + 1);
			if (step > now + 1 && !this.recoveryCodes.isEmpty()) {
				return this.recoveryCodes.pop();
			}
			while (step > TestTotp.step(java.time.Instant.now()) + 1) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			this.lastStep = step;
			return TestTotp.code(this.secret, step);
		}

	}

	/** By data directory and user: a restarted server on the same directory knows the same users. */
	private static final Map<String, Authenticator> AUTHENTICATORS = new java.util.concurrent.ConcurrentHashMap<>();

	public String logIn(String username, String password) {
		return logIn(null, username, password);
	}

	/** Logs a tenant user in ({@code tenant} null for platform staff); answers the bearer token. */
	public String logIn(String tenant, String username, String password) {
		Map<String, String> body = new LinkedHashMap<>();
		if (tenant != null) {
			body.put("tenant", tenant);
		}
		body.put("username", username);
		body.put("password", password);
		HttpResponse<String> login = post("/api/v1/auth/login", json(body), null);
		if (login.statusCode() != 200) {
			throw new IllegalStateException("login answered " + login.statusCode() + ": " + login.body());
		}
		JsonNode answer = parse(login.body());
		if (answer.has("mfaRequired")) {
			Authenticator app = AUTHENTICATORS.get(authenticatorKey(tenant, username));
			if (app == null) {
				throw new IllegalStateException(username + " has a second factor this test did not enrol");
			}
			login = post("/api/v1/auth/mfa",
					json(Map.of("mfaToken", answer.get("mfaToken").asString(), "code", app.nextCode())), null);
			if (login.statusCode() != 200) {
				throw new IllegalStateException("MFA step answered " + login.statusCode() + ": " + login.body());
			}
			answer = parse(login.body());
		}
		return answer.get("token").asString();
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	public static JsonNode parse(String body) {
		return JSON.readTree(body);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static SSLContext defaultContext() {
		try {
			return SSLContext.getDefault();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An SSL context that trusts exactly one certificate, the server's. */
	public static SSLContext trusting(Path certificate) {
		try (InputStream in = Files.newInputStream(certificate)) {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("tombot", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot trust " + certificate, ex);
		}
	}

}
