package ai.tombot.keys.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.crypto.tink.Aead;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import ai.tombot.RunningTombot;
import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Master keys in AWS KMS and Google Cloud KMS, through the real client libraries (AWS SDK v2;
 * Tink's GCP integration on Google's REST client) against a fake of each KMS's wire protocol
 * on a loopback address: no real KMS is reachable from the test machines. The fakes check
 * what a real KMS checks — the key named, the caller's signature or token, the associated
 * data — so a client that dropped any of them would fail here.
 */
class CloudKmsTests {

	private static final String AWS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

	private static final String GCP_KEY = "projects/tombot-test/locations/europe-west1/keyRings/tombot/cryptoKeys/eu";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	private FakeKmsServer kms;

	@BeforeEach
	void startKms() throws IOException {
		this.kms = new FakeKmsServer();
		System.setProperty("aws.accessKeyId", "AKIDTOMBOTTEST");
		System.setProperty("aws.secretAccessKey", "tombot-test-secret");
	}

	@AfterEach
	void stopKms() {
		this.kms.stop();
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	private Map<String, String> aws(String key) {
		return Map.of("tombot.regions.eu.master-key", "aws-kms://" + key, "tombot.keys.kms.aws-endpoint", this.kms.url());
	}

	@Test
	void awsKms_wrapsTheTenantKeys_survivesARestart_andAnOutageIsA503NotAnError() throws Exception {
		UUID tenant;
		byte[] sealed;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, aws(AWS_KEY))) {
			tenant = tombot.bean(TenantService.class).create("eu-co", "EU", "eu").id();
			sealed = tombot.bean(KeyService.class).encrypt(tenant, "s", "kept in the EU".getBytes(), "message/1");
		}
		assertThat(Files.exists(this.dataDir.resolve("keys/eu-master-key.json"))).as("no local key for a KMS region").isFalse();
		assertThat(this.kms.calls).as("the master key check and the tenant key went through KMS")
			.contains("aws Encrypt", "aws Decrypt")
			.as("each wrap bound to its purpose by the encryption context")
			.doesNotContain("unbound");
		assertThat(this.kms.awsSignatures).as("every call signed with SigV4 by the default credential chain")
			.isNotEmpty()
			.allMatch(auth -> auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTOMBOTTEST/")
					&& auth.contains("/eu-west-1/kms/aws4_request"));
		try (RunningTombot again = RunningTombot.start(this.dataDir, settings(aws(AWS_KEY), "tombot.keys.cache-ttl", "0s"))) {
			KeyService keys = again.bean(KeyService.class);
			assertThat(((Decrypted.Plaintext) keys.decrypt(tenant, "s", sealed, "message/1")).bytes())
				.isEqualTo("kept in the EU".getBytes());
			this.kms.refuse = true;
			assertThatThrownBy(() -> keys.decrypt(tenant, "s", sealed, "message/1")).as("permission withdrawn")
				.isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.status().value()).isEqualTo(503));
			this.kms.refuse = false;
			assertThat(keys.decrypt(tenant, "s", sealed, "message/1")).isInstanceOf(Decrypted.Plaintext.class);
			this.kms.failing = true;
			assertThatThrownBy(() -> keys.decrypt(tenant, "s", sealed, "message/1")).as("KMS failing (after retries)")
				.isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.status().value()).isEqualTo(503));
		}
	}

	@Test
	void awsKms_aTenantKeyMovedToAnotherTenant_doesNotUnwrap_theContextBindsItToItsTenant() throws Exception {
		Map<String, String> settings = settings(aws(AWS_KEY), "tombot.keys.cache-ttl", "0s");
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, settings)) {
			UUID acme = tombot.bean(TenantService.class).create("acme", "Acme", "eu").id();
			UUID globex = tombot.bean(TenantService.class).create("globex", "Globex", "eu").id();
			KeyService keys = tombot.bean(KeyService.class);
			byte[] sealed = keys.encrypt(globex, "s", "globex data".getBytes(), "r");
			var jdbc = tombot.bean(ai.tombot.platform.Stores.class).region("eu").jdbc();
			String acmeKey = jdbc.sql("select keyset from tenant_key where tenant_id = :t").param("t", acme)
				.query(String.class).single();
			jdbc.sql("update tenant_key set keyset = :k where tenant_id = :t").param("k", acmeKey).param("t", globex).update();
			assertThatThrownBy(() -> keys.decrypt(globex, "s", sealed, "r")).as("KMS refuses the moved key: tampering, not an outage")
				.isInstanceOf(ai.tombot.keys.DecryptionFailedException.class);
		}
	}

	@Test
	void awsKms_anotherKey_aBadUri_orAnUnreachableKms_stopStartupNamingTheRegionAndTheReason() throws Exception {
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, aws(AWS_KEY))) {
			tombot.bean(TenantService.class).create("eu-co", "EU", "eu");
		}
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, aws(AWS_KEY.replace("1234abcd", "9999ffff"))).close())
			.hasStackTraceContaining("The master key of region eu")
			.hasStackTraceContaining("is not the one the region's keys were made with");
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, aws("arn:aws:s3:::bucket")).close())
			.hasStackTraceContaining("region eu")
			.hasStackTraceContaining("aws-kms://arn:<partition>:kms:<region>:<account>:key/<id>");
		this.kms.stop();
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, aws(AWS_KEY)).close())
			.hasStackTraceContaining("The master key of region eu")
			.hasStackTraceContaining("AWS KMS decrypt failed");
	}

	@Test
	void gcpKms_wrapsTheTenantKeys_withAServiceAccountsToken_andSurvivesARestart(@TempDir Path secrets) throws Exception {
		Path credentials = secrets.resolve("service-account.json");
		Files.writeString(credentials, serviceAccount(this.kms.url() + "/token"));
		Map<String, String> settings = Map.of("tombot.regions.eu.master-key", "gcp-kms://" + GCP_KEY,
				"tombot.keys.kms.gcp-endpoint", this.kms.url(), "tombot.keys.kms.gcp-credentials", credentials.toString());
		UUID tenant;
		byte[] sealed;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, settings)) {
			tenant = tombot.bean(TenantService.class).create("eu-co", "EU", "eu").id();
			sealed = tombot.bean(KeyService.class).encrypt(tenant, "s", "kept in the EU".getBytes(), "message/1");
		}
		assertThat(this.kms.calls).contains("gcp token", "gcp encrypt", "gcp decrypt")
			.as("each wrap bound to its purpose by the additional authenticated data")
			.doesNotContain("unbound");
		try (RunningTombot again = RunningTombot.start(this.dataDir, settings)) {
			assertThat(((Decrypted.Plaintext) again.bean(KeyService.class).decrypt(tenant, "s", sealed, "message/1")).bytes())
				.isEqualTo("kept in the EU".getBytes());
		}
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, settings(settings, "tombot.regions.eu.master-key",
				"gcp-kms://" + GCP_KEY.replace("/eu", "/other"))).close())
			.hasStackTraceContaining("The master key of region eu")
			.hasStackTraceContaining("is not the one the region's keys were made with");
		this.kms.refuse = true;
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, settings).close()).as("KMS's own reason is shown")
			.hasStackTraceContaining("The master key of region eu")
			.hasStackTraceContaining("Google Cloud KMS decrypt failed: 403 fake: permission denied on the key");
		this.kms.refuse = false;
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, settings(settings, "tombot.keys.kms.gcp-credentials",
				secrets.resolve("missing.json").toString())).close())
			.hasStackTraceContaining("region eu")
			.hasStackTraceContaining("Google Cloud credentials cannot be loaded");
	}

	private static Map<String, String> settings(Map<String, String> base, String name, String value) {
		Map<String, String> changed = new java.util.HashMap<>(base);
		changed.put(name, value);
		return changed;
	}

	/** A Google service-account key file whose token endpoint is the fake. */
	private static String serviceAccount(String tokenUri) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		ObjectNode file = JSON.createObjectNode()
			.put("type", "service_account")
			.put("project_id", "tombot-test")
			.put("private_key_id", "k1")
			.put("private_key", pem)
			.put("client_email", "tombot@tombot-test.iam.gserviceaccount.com")
			.put("client_id", "1")
			.put("token_uri", tokenUri);
		return JSON.writeValueAsString(file);
	}

	/**
	 * The two KMS wire protocols, as far as Tombot uses them: AWS KMS's JSON 1.1 Encrypt and
	 * Decrypt (a ciphertext is bound to its key and encryption context; another key gets
	 * IncorrectKeyException, another context InvalidCiphertextException), Google's OAuth token
	 * endpoint and Cloud KMS's REST encrypt and decrypt (bound to key and additional
	 * authenticated data; calls without the token are refused).
	 */
	static final class FakeKmsServer {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final List<String> awsSignatures = new CopyOnWriteArrayList<>();

		volatile boolean refuse;

		volatile boolean failing;

		private final Map<String, Aead> keys = new ConcurrentHashMap<>();

		private final HttpServer server;

		FakeKmsServer() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", this::handle);
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		void stop() {
			this.server.stop(0);
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				byte[] body = exchange.getRequestBody().readAllBytes();
				if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
					// Google's client compresses request bodies
					body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
				}
				String path = exchange.getRequestURI().getPath();
				String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
				if (target != null) {
					aws(exchange, target, JSON.readTree(body));
				}
				else if (path.equals("/token")) {
					this.calls.add("gcp token");
					assertThat(new String(body, StandardCharsets.UTF_8)).contains("grant_type=urn");
					reply(exchange, 200, JSON.createObjectNode()
						.put("access_token", "fake-gcp-token")
						.put("expires_in", 3600)
						.put("token_type", "Bearer"));
				}
				else if (path.startsWith("/v1/")) {
					gcp(exchange, path.substring("/v1/".length()), JSON.readTree(body));
				}
				else {
					reply(exchange, 404, JSON.createObjectNode().put("message", "no such path"));
				}
			}
			catch (GeneralSecurityException | RuntimeException | AssertionError ex) {
				// the client sees a dropped connection; the test's log says why
				ex.printStackTrace();
				throw new IOException(ex);
			}
		}

		private void aws(HttpExchange exchange, String target, JsonNode request) throws IOException, GeneralSecurityException {
			String operation = target.substring(target.indexOf('.') + 1);
			this.calls.add("aws " + operation);
			this.awsSignatures.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			if (this.refuse) {
				awsError(exchange, "AccessDeniedException", "fake: access denied");
				return;
			}
			if (this.failing) {
				exchange.getResponseHeaders().add("x-amzn-ErrorType", "KMSInternalException");
				reply(exchange, 500, JSON.createObjectNode().put("__type", "KMSInternalException").put("message", "fake: down"));
				return;
			}
			String keyId = request.path("KeyId").asString();
			if (!request.path("EncryptionContext").path("associatedData").isString()) {
				this.calls.add("unbound");
			}
			byte[] context = request.path("EncryptionContext").toString().getBytes(StandardCharsets.UTF_8);
			if (operation.equals("Encrypt")) {
				byte[] blob = key("aws", keyId).encrypt(Base64.getDecoder().decode(request.path("Plaintext").asString()), context);
				byte[] tagged = (keyId + "\n").getBytes(StandardCharsets.UTF_8);
				reply(exchange, 200, JSON.createObjectNode()
					.put("CiphertextBlob", Base64.getEncoder().encodeToString(concat(tagged, blob)))
					.put("KeyId", keyId));
				return;
			}
			byte[] blob = Base64.getDecoder().decode(request.path("CiphertextBlob").asString());
			String madeWith = new String(blob, StandardCharsets.UTF_8).substring(0, new String(blob, StandardCharsets.UTF_8).indexOf('\n'));
			if (!madeWith.equals(keyId)) {
				awsError(exchange, "IncorrectKeyException", "fake: the ciphertext was made with another key");
				return;
			}
			try {
				byte[] plaintext = key("aws", keyId).decrypt(java.util.Arrays.copyOfRange(blob,
						(madeWith + "\n").getBytes(StandardCharsets.UTF_8).length, blob.length), context);
				reply(exchange, 200, JSON.createObjectNode()
					.put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
					.put("KeyId", keyId));
			}
			catch (GeneralSecurityException ex) {
				awsError(exchange, "InvalidCiphertextException", "fake: wrong encryption context");
			}
		}

		private void gcp(HttpExchange exchange, String resource, JsonNode request) throws IOException {
			String name = resource.substring(0, resource.lastIndexOf(':'));
			String operation = resource.substring(resource.lastIndexOf(':') + 1);
			this.calls.add("gcp " + operation);
			if (!"Bearer fake-gcp-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				reply(exchange, 401, JSON.createObjectNode().put("message", "no token"));
				return;
			}
			if (this.refuse) {
				ObjectNode error = JSON.createObjectNode();
				error.putObject("error").put("code", 403).put("message", "fake: permission denied on the key")
					.put("status", "PERMISSION_DENIED");
				reply(exchange, 403, error);
				return;
			}
			byte[] aad = decode(request.path("additionalAuthenticatedData").asString(""));
			if (aad.length == 0) {
				this.calls.add("unbound");
			}
			try {
				if (operation.equals("encrypt")) {
					byte[] ciphertext = key("gcp", name).encrypt(decode(request.path("plaintext").asString()), aad);
					reply(exchange, 200, JSON.createObjectNode().put("name", name)
						.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext)));
				}
				else {
					byte[] plaintext = key("gcp", name).decrypt(decode(request.path("ciphertext").asString()), aad);
					reply(exchange, 200, JSON.createObjectNode().put("plaintext", Base64.getEncoder().encodeToString(plaintext)));
				}
			}
			catch (GeneralSecurityException ex) {
				ObjectNode error = JSON.createObjectNode();
				error.putObject("error").put("code", 400).put("message", "Decryption failed: the ciphertext is invalid.")
					.put("status", "INVALID_ARGUMENT");
				reply(exchange, 400, error);
			}
		}

		private Aead key(String kind, String name) {
			return this.keys.computeIfAbsent(kind + " " + name, ignored -> Keysets.aead(Keysets.generate()));
		}

		/** Google's client sends base64url; accept both alphabets. */
		private static byte[] decode(String value) {
			return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/'));
		}

		private static byte[] concat(byte[] a, byte[] b) {
			byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
			System.arraycopy(b, 0, joined, a.length, b.length);
			return joined;
		}

		private static void awsError(HttpExchange exchange, String type, String message) throws IOException {
			exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
			reply(exchange, 400, JSON.createObjectNode().put("__type", type).put("message", message));
		}

		private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
			byte[] bytes = JSON.writeValueAsBytes(body);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}

	}

}
