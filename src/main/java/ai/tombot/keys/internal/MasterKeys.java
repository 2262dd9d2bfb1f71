package ai.tombot.keys.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.SettingsException;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.platform.TombotProperties;
import ai.tombot.platform.TombotProperties.Region;

/**
 * The master key of each region, from {@code tombot.regions.<region>.master-key}, loaded and
 * checked at startup. A key that cannot be loaded, or that is not the one the region's keys
 * were made with, stops startup naming the region. A new key is made only for an embedded
 * region that holds no keys yet. A region without a master key on this node (the setting is
 * {@code none}, or empty with external stores) is unavailable here: its tenants' data can be
 * neither read nor written, and every other region works.
 */
@Component
class MasterKeys {

	private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

	private static final String CHECK_PLAINTEXT = "tombot master key check";

	/**
	 * A loaded master key.
	 *
	 * @param file the keyset file, for a file-based key (rotation adds a version to it); null otherwise
	 * @param source where it came from, for logs: a path, a variable's name or a KMS URI; never material
	 */
	record MasterKey(String region, Aead aead, Path file, String source) {

		@Override
		public String toString() {
			return "MasterKey[region=" + this.region + ", source=" + this.source + "]";
		}

	}

	private final Map<String, Optional<MasterKey>> keys = new LinkedHashMap<>();

	private final Stores stores;

	private final Clock clock;

	private final KeysProperties.Kms kms;

	MasterKeys(TombotProperties properties, KeysProperties keysProperties, Stores stores, Clock clock) {
		this.stores = stores;
		this.clock = clock;
		this.kms = keysProperties.kms();
		for (String region : stores.regions()) {
			Region settings = properties.regions().get(region);
			String spec = settings == null ? "" : settings.masterKey().strip();
			boolean embedded = settings == null || settings.store().embedded();
			Optional<MasterKey> key = load(region, spec, embedded,
					properties.dataDir().resolve("keys").resolve(region + "-master-key.json"));
			key.ifPresent(this::check);
			this.keys.put(region, key);
		}
	}

	/** The region's master key. @throws ApiProblem 503 when this node has none for the region */
	MasterKey of(String region) {
		return this.keys.getOrDefault(region, Optional.empty())
			.orElseThrow(() -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
					"Region unavailable", "This node has no master key for region " + region
							+ ": its tenants' data cannot be read or written here"));
	}

	/**
	 * A KMS call failed at run time (unreachable, throttled, permission withdrawn): 503 for the
	 * caller, the KMS's reason in the log. Nothing is retried here; the caller may retry.
	 */
	static ApiProblem kmsUnavailable(String region, KmsFailure failure) {
		log.error("The KMS of region {} failed: {}", region, failure.getMessage());
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Region unavailable",
				"The key service of region " + region + " cannot be reached; try again later");
	}

	boolean available(String region) {
		Optional<MasterKey> key = this.keys.get(region);
		return key != null && key.isPresent();
	}

	/** Each region, and whether this node has its master key. */
	Map<String, Boolean> availability() {
		Map<String, Boolean> available = new LinkedHashMap<>();
		this.keys.forEach((region, key) -> available.put(region, key.isPresent()));
		return available;
	}

	/**
	 * Reads a file-based master key again (another node rotated the shared file); false for
	 * other kinds of key, or when the file did not change.
	 */
	synchronized boolean reload(String region) {
		Optional<MasterKey> current = this.keys.getOrDefault(region, Optional.empty());
		if (current.isEmpty() || current.get().file() == null) {
			return false;
		}
		try {
			MasterKey reloaded = new MasterKey(region, Keysets.aead(readKeyset(current.get().file())), current.get().file(),
					current.get().source());
			this.keys.put(region, Optional.of(reloaded));
			return true;
		}
		catch (IOException | GeneralSecurityException ex) {
			log.error("The master key file of region {} cannot be read again: {}", region, ex.getClass().getSimpleName());
			return false;
		}
	}

	/** Replaces a file-based master key by the same keyset with a new primary version (rotation). */
	synchronized MasterKey replace(MasterKey current, KeysetHandle rotated) throws IOException, GeneralSecurityException {
		writeKeyset(current.file(), rotated);
		MasterKey next = new MasterKey(current.region(), Keysets.aead(rotated), current.file(), current.source());
		this.keys.put(current.region(), Optional.of(next));
		recheck(next);
		return next;
	}

	static KeysetHandle readKeyset(Path file) throws IOException, GeneralSecurityException {
		return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
				InsecureSecretKeyAccess.get());
	}

	private Optional<MasterKey> load(String region, String spec, boolean embedded, Path localFile) {
		String setting = "tombot.regions." + region + ".master-key";
		try {
			if ((spec.isEmpty() && !embedded) || spec.equals("none")) {
				log.warn("Region {} has no master key on this node ({} is {}): its tenants' data can be neither "
						+ "read nor written here", region, setting, spec.isEmpty() ? "not set" : "none");
				return Optional.empty();
			}
			if (spec.isEmpty()) {
				if (!Files.exists(localFile)) {
					if (holdsKeys(region)) {
						throw new SettingsException("Region " + region + " holds keys, but its master key file "
								+ localFile + " is missing: restore it, or set " + setting, null);
					}
					writeKeyset(localFile, Keysets.generate());
					log.info("Made a master key for region {} in {}", region, localFile);
				}
				log.warn("Region {} uses the local master key file {}: for evaluation only. In production set {} to a "
						+ "KMS key (aws-kms://..., gcp-kms://...)", region, localFile, setting);
				return Optional.of(new MasterKey(region, Keysets.aead(readKeyset(localFile)), localFile, localFile.toString()));
			}
			if (spec.startsWith("file:")) {
				Path file = Path.of(spec.substring("file:".length()));
				if (!Files.isReadable(file)) {
					throw new SettingsException("The master key of region " + region + " (" + setting + "): file " + file
							+ " is missing or unreadable", null);
				}
				log.warn("Region {} uses the master key file {}: keep it as secret as the data it protects", region, file);
				return Optional.of(new MasterKey(region, Keysets.aead(readKeyset(file)), file, file.toString()));
			}
			if (spec.startsWith("env:")) {
				String variable = spec.substring("env:".length());
				String json = System.getenv(variable);
				if (json == null || json.isBlank()) {
					throw new SettingsException("The master key of region " + region + " (" + setting
							+ "): environment variable " + variable + " is not set", null);
				}
				KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
				return Optional.of(new MasterKey(region, Keysets.aead(handle), null, "env:" + variable));
			}
			if (spec.contains("://")) {
				log.info("Region {} uses the KMS key {}", region, spec);
				try {
					return Optional.of(new MasterKey(region, kms(spec).getAead(spec), null, spec));
				}
				catch (GeneralSecurityException ex) {
					// a KMS client's own words: the URI's form, credentials, the service's error; never material
					throw new SettingsException("The master key of region " + region + " (" + setting
							+ ") cannot be loaded: " + ex.getMessage(), null);
				}
			}
			throw new SettingsException("The master key of region " + region + " (" + setting
					+ ") must be file:PATH, env:VARIABLE or a KMS key URI", null);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			if (ex instanceof SettingsException settings) {
				throw settings;
			}
			// the cause's message could quote key material from a malformed keyset: name its type only
			throw new SettingsException("The master key of region " + region + " (" + setting + ") cannot be loaded: "
					+ ex.getClass().getSimpleName(), null);
		}
	}

	/**
	 * The KMS client for a key URI: AWS KMS and Google Cloud KMS are built in; a client
	 * registered with Tink's {@link KmsClients} in this JVM serves any other scheme.
	 */
	private KmsClient kms(String uri) throws GeneralSecurityException {
		if (uri.startsWith(AwsKms.PREFIX)) {
			return new AwsKms(this.kms.awsEndpoint());
		}
		if (uri.startsWith(GcpKms.PREFIX)) {
			return new GcpKms(this.kms.gcpEndpoint(), this.kms.gcpCredentials());
		}
		return KmsClients.get(uri);
	}

	private boolean holdsKeys(String region) {
		JdbcClient jdbc = this.stores.region(region).jdbc();
		return jdbc.sql("select count(*) from master_key_check").query(Long.class).single() > 0
				|| jdbc.sql("select count(*) from tenant_key").query(Long.class).single() > 0;
	}

	/** Writes the check value again under the key's primary version, after a rotation. */
	void recheck(MasterKey key) {
		try {
			String value = Base64.getEncoder()
				.encodeToString(key.aead()
					.encrypt(CHECK_PLAINTEXT.getBytes(StandardCharsets.UTF_8), Keysets.binding("master-key-check", key.region())));
			this.stores.region(key.region())
				.jdbc()
				.sql("update master_key_check set check_value = :value where id = 1")
				.param("value", value)
				.update();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot write the master key check of region " + key.region(), ex);
		}
	}

	/** Proves the key is the region's: the check value written with its first key must decrypt. */
	private void check(MasterKey key) {
		JdbcClient jdbc = this.stores.region(key.region()).jdbc();
		byte[] binding = Keysets.binding("master-key-check", key.region());
		Optional<String> stored = jdbc.sql("select check_value from master_key_check where id = 1")
			.query(String.class)
			.optional();
		try {
			if (stored.isEmpty()) {
				try {
					String value = Base64.getEncoder()
						.encodeToString(key.aead().encrypt(CHECK_PLAINTEXT.getBytes(StandardCharsets.UTF_8), binding));
					jdbc.sql("insert into master_key_check (id, check_value, created_at) values (1, :value, :now)")
						.param("value", value)
						.param("now", SqlTime.ts(this.clock.instant()))
						.update();
					return;
				}
				catch (DuplicateKeyException ex) {
					stored = jdbc.sql("select check_value from master_key_check where id = 1").query(String.class).optional();
				}
			}
			byte[] plaintext = key.aead().decrypt(Base64.getDecoder().decode(stored.orElseThrow()), binding);
			if (!CHECK_PLAINTEXT.equals(new String(plaintext, StandardCharsets.UTF_8))) {
				throw new GeneralSecurityException("check value differs");
			}
		}
		catch (KmsFailure ex) {
			throw new SettingsException("The master key of region " + key.region() + " (" + key.source()
					+ ") cannot be used: " + ex.getMessage(), null);
		}
		catch (GeneralSecurityException ex) {
			throw new SettingsException("The master key of region " + key.region() + " (" + key.source()
					+ ") is not the one the region's keys were made with: start with the right key", null);
		}
	}

	static void writeKeyset(Path file, KeysetHandle handle) throws IOException {
		try {
			Path dir = file.toAbsolutePath().getParent();
			if (!Files.isDirectory(dir)) {
				// a directory made here is private; an existing one keeps its mode
				PrivateFiles.createDirectories(dir);
			}
			PrivateFiles.write(file, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get())
				.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot serialise a master keyset", ex);
		}
	}

}
