package ai.tombot.keys.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import ai.tombot.RunningTombot;
import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Region master keys: where they come from, that the right one is used, and what happens without one. */
@ExtendWith(OutputCaptureExtension.class)
class MasterKeyTests {

	private static final String PASSWORD = "Master-key-pass-1";

	@TempDir
	Path dataDir;

	private static UUID tenant(RunningTombot tombot, String slug, String region) {
		return tombot.bean(TenantService.class).create(slug, slug, region).id();
	}

	@Test
	void restart_withTheSameMasterKey_readsEverything_withAnotherOne_refusesToStartNamingTheRegion() throws Exception {
		byte[] sealed;
		UUID acme;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir)) {
			acme = tenant(tombot, "acme", "eu");
			sealed = tombot.bean(KeyService.class).encrypt(acme, "s1", "kept".getBytes(), "message/1");
		}
		Path file = this.dataDir.resolve("keys/eu-master-key.json");
		assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
		try (RunningTombot again = RunningTombot.start(this.dataDir)) {
			Decrypted decrypted = again.bean(KeyService.class).decrypt(acme, "s1", sealed, "message/1");
			assertThat(((Decrypted.Plaintext) decrypted).bytes()).isEqualTo("kept".getBytes());
		}
		String original = Files.readString(file);
		Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(Keysets.generate(), InsecureSecretKeyAccess.get()));
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir).close())
			.hasStackTraceContaining("The master key of region eu")
			.hasStackTraceContaining("is not the one the region's keys were made with");
		Files.delete(file);
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir).close())
			.hasStackTraceContaining("Region eu holds keys, but its master key file")
			.hasStackTraceContaining("is missing");
		assertThat(Files.exists(file)).as("no new key made silently").isFalse();
		Files.writeString(file, original);
		try (RunningTombot restored = RunningTombot.start(this.dataDir)) {
			assertThat(restored.bean(KeyService.class).decrypt(acme, "s1", sealed, "message/1"))
				.isInstanceOf(Decrypted.Plaintext.class);
		}
	}

	@Test
	void aNodeWithoutTheEuMasterKey_cannotReadEuData_reportsIt_andStillServesUsTenants() throws Exception {
		UUID eu;
		UUID us;
		byte[] euData;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir)) {
			eu = tenant(tombot, "eu-co", "eu");
			us = tenant(tombot, "us-co", "us");
			euData = tombot.bean(KeyService.class).encrypt(eu, "s", "eu only".getBytes(), "message/1");
		}
		try (RunningTombot usOnly = RunningTombot.start(this.dataDir, Map.of("tombot.regions.eu.master-key", "none"))) {
			KeyService keys = usOnly.bean(KeyService.class);
			byte[] usData = keys.encrypt(us, "s", "us data".getBytes(), "message/1");
			assertThat(keys.decrypt(us, "s", usData, "message/1")).isInstanceOf(Decrypted.Plaintext.class);
			assertThatThrownBy(() -> keys.decrypt(eu, "s", euData, "message/1")).isInstanceOfSatisfying(ApiProblem.class,
					problem -> assertThat(problem.status().value()).isEqualTo(503));
			assertThatThrownBy(() -> keys.encrypt(eu, "s", "x".getBytes(), "message/2")).isInstanceOf(ApiProblem.class);
			String operator = usOnly.setUpAndLogIn("ops", PASSWORD);
			assertThat(usOnly.get("/actuator/health", null).body()).isEqualTo("{\"status\":\"UP\"}");
			JsonNode health = RunningTombot.parse(usOnly.get("/actuator/health", operator).body());
			assertThat(health.at("/components/keys/details/eu").asString()).isEqualTo("unavailable");
			assertThat(health.at("/components/keys/details/us").asString()).isEqualTo("available");
			assertThat(usOnly.post("/api/v1/tenants", "{\"slug\":\"new-eu\",\"name\":\"N\",\"region\":\"eu\"}", operator)
				.statusCode()).as("no tenant can be made without its key").isEqualTo(503);
			assertThat(usOnly.post("/api/v1/tenants", "{\"slug\":\"new-us\",\"name\":\"N\",\"region\":\"us\"}", operator)
				.statusCode()).isEqualTo(201);
		}
	}

	@Test
	void masterKeys_fromAFile_orAKms_andBadSettingsStopStartupNamingTheRegion(@TempDir Path keyDir) throws Exception {
		Path keyset = keyDir.resolve("us.json");
		Files.writeString(keyset, TinkJsonProtoKeysetFormat.serializeKeyset(Keysets.generate(), InsecureSecretKeyAccess.get()));
		FakeKms kms = new FakeKms();
		KmsClients.add(kms);
		Map<String, String> settings = Map.of("tombot.regions.us.master-key", "file:" + keyset,
				"tombot.regions.eu.master-key", "fake-kms://projects/test/keys/eu");
		UUID us;
		UUID eu;
		byte[] usData;
		byte[] euData;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, settings)) {
			us = tenant(tombot, "us-co", "us");
			eu = tenant(tombot, "eu-co", "eu");
			KeyService keys = tombot.bean(KeyService.class);
			usData = keys.encrypt(us, "s", "via file".getBytes(), "r");
			euData = keys.encrypt(eu, "s", "via kms".getBytes(), "r");
		}
		assertThat(kms.used).as("the KMS wrapped the EU tenant key").isGreaterThan(0);
		assertThat(Files.exists(this.dataDir.resolve("keys/us-master-key.json"))).isFalse();
		try (RunningTombot again = RunningTombot.start(this.dataDir, settings)) {
			KeyService keys = again.bean(KeyService.class);
			assertThat(keys.decrypt(us, "s", usData, "r")).isInstanceOf(Decrypted.Plaintext.class);
			assertThat(keys.decrypt(eu, "s", euData, "r")).isInstanceOf(Decrypted.Plaintext.class);
		}
		for (Map.Entry<String, String> bad : Map.of("file:" + keyDir.resolve("missing.json"), "is missing or unreadable",
				"env:TOMBOT_TEST_NO_SUCH_VARIABLE", "environment variable TOMBOT_TEST_NO_SUCH_VARIABLE is not set",
				"bogus", "must be file:PATH, env:VARIABLE or a KMS key URI",
				"unknown-kms://key", "cannot be loaded").entrySet()) {
			Map<String, String> badUs = Map.of("tombot.regions.us.master-key", bad.getKey(), "tombot.regions.eu.master-key",
					"fake-kms://projects/test/keys/eu");
			assertThatThrownBy(() -> RunningTombot.start(this.dataDir, badUs).close()).as(bad.getKey())
				.hasStackTraceContaining("region us")
				.hasStackTraceContaining(bad.getValue());
		}
	}

	@Test
	void keyMaterial_neverReachesTheLogs_orAToString(CapturedOutput output) throws Exception {
		Map<String, String> verbose = Map.of("logging.level.ai.tombot", "DEBUG", "logging.level.com.google.crypto.tink",
				"DEBUG", "logging.level.org.springframework.jdbc", "DEBUG");
		Path file = this.dataDir.resolve("keys/eu-master-key.json");
		List<String> tenantAndSubjectKeys = new java.util.ArrayList<>();
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, verbose)) {
			UUID acme = tenant(tombot, "acme", "eu");
			KeyService keys = tombot.bean(KeyService.class);
			byte[] sealed = keys.encrypt(acme, "s", "hello".getBytes(), "r");
			keys.rotateTenantKey(acme);
			keys.rotateMasterKey("eu");
			SubjectKeys subjects = tombot.bean(SubjectKeys.class);
			tenantAndSubjectKeys.addAll(keyValues(TinkJsonProtoKeysetFormat.serializeKeyset(
					tombot.bean(TenantKeys.class).fresh("eu", acme, false).handle(), InsecureSecretKeyAccess.get())));
			tenantAndSubjectKeys.addAll(keyValues(TinkJsonProtoKeysetFormat.serializeKeyset(
					subjects.unwrap("eu", acme, "s", subjects.stored("eu", acme, "s").orElseThrow()),
					InsecureSecretKeyAccess.get())));
			for (String store : new String[] { "control", "eu" }) {
				tenantAndSubjectKeys.addAll(keyValues(TinkJsonProtoKeysetFormat.serializeKeyset(
						tombot.bean(AuditSigningKeys.class).unwrapped(store), InsecureSecretKeyAccess.get())));
			}
			assertThat(keys.decrypt(acme, "s", sealed, "r").toString()).doesNotContain("hello");
			assertThat(tombot.bean(MasterKeys.class).of("eu").toString()).doesNotContain("value");
			assertThatThrownBy(() -> keys.decrypt(acme, "s", Arrays.copyOf(sealed, sealed.length - 1), "r"))
				.hasMessage("decryption failed");
		}
		String logs = output.getAll();
		List<String> secrets = new java.util.ArrayList<>(keyValues(Files.readString(file)));
		assertThat(secrets).as("the master key's two versions").hasSize(2);
		assertThat(tenantAndSubjectKeys).as("a tenant key (two versions at most), a subject key, two audit-signing keys")
			.hasSizeBetween(4, 5);
		secrets.addAll(tenantAndSubjectKeys);
		for (String value : secrets) {
			byte[] proto = Base64.getDecoder().decode(value);
			byte[] raw = Arrays.copyOfRange(proto, proto.length - 32, proto.length);
			assertThat(logs).doesNotContain(value)
				.doesNotContain(Base64.getEncoder().encodeToString(raw))
				.doesNotContain(HexFormat.of().formatHex(raw));
		}
	}

	/** The base64 "value" of each key in a Tink JSON keyset. */
	private static List<String> keyValues(String json) {
		Matcher values = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		List<String> found = new java.util.ArrayList<>();
		while (values.find()) {
			found.add(values.group(1));
		}
		return found;
	}

	/**
	 * A KMS as Tink's KMS client interface sees it, for {@code fake-kms://} URIs: no real KMS is
	 * reachable from the test machine. Each key URI gets an AEAD kept in memory.
	 */
	static final class FakeKms implements KmsClient {

		private final Map<String, Aead> keys = new java.util.concurrent.ConcurrentHashMap<>();

		volatile int used;

		@Override
		public boolean doesSupport(String uri) {
			return uri != null && uri.startsWith("fake-kms://");
		}

		@Override
		public KmsClient withCredentials(String credentialPath) {
			return this;
		}

		@Override
		public KmsClient withDefaultCredentials() {
			return this;
		}

		@Override
		public Aead getAead(String uri) {
			Aead key = this.keys.computeIfAbsent(uri, ignored -> Keysets.aead(Keysets.generate()));
			return new Aead() {
				@Override
				public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
					FakeKms.this.used++;
					return key.encrypt(plaintext, associatedData);
				}

				@Override
				public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
					FakeKms.this.used++;
					return key.decrypt(ciphertext, associatedData);
				}
			};
		}

	}

}
