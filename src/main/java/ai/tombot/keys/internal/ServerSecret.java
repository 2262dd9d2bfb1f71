package ai.tombot.keys.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.keys.ControlKeys;
import ai.tombot.keys.OtpSecret;
import ai.tombot.platform.Base32;
import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.SettingsException;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.platform.TombotProperties;

/**
 * The server secret, behind {@link ControlKeys}: the pepper of API-key hashes and the key that
 * encrypts TOTP secrets, each derived from it for its purpose. It is {@code tombot.auth.secret} (at
 * least 32 random bytes, base64) when set, which every node of a cluster must share;
 * otherwise a random one made on first start in {@code <data-dir>/keys/identity-secret}
 * (mode 0600), which suits a single node. The control store keeps a keyed check value of it,
 * so a node started with a different secret stops with a message naming the setting rather
 * than refusing every API key it did not make.
 */
@Component
class ServerSecret implements ControlKeys {

	static final String SETTING = "tombot.auth.secret";

	private static final Logger log = LoggerFactory.getLogger(ServerSecret.class);

	private static final int MIN_BYTES = 32;

	private final byte[] secret;

	private final SecretBox box;

	/** A {@code Mac} per purpose and thread: getting and initialising one costs more than using it. */
	private final Map<String, ThreadLocal<Mac>> macs = new ConcurrentHashMap<>();

	@Autowired
	ServerSecret(@Value("${" + SETTING + ":}") String configured, TombotProperties properties, Stores stores,
			Clock clock) {
		this.secret = configured.isBlank() ? fromDataDir(properties.dataDir().resolve("keys/identity-secret"))
				: decode(configured.strip(), SETTING);
		this.box = new SecretBox(derive("totp-secrets"));
		checkAgainst(stores.control().jdbc(), clock);
	}

	/** For tests: a given secret, checked against nothing. */
	ServerSecret(byte[] secret) {
		this.secret = secret.clone();
		this.box = new SecretBox(derive("totp-secrets"));
	}

	@Override
	public OtpSecret newOtpSecret(String binding) {
		byte[] secret = Totp.newSecret();
		return new OtpSecret(seal(secret, binding), Base32.encode(secret));
	}

	@Override
	public OptionalLong otpStep(String sealedSecret, String binding, String code, Instant now) {
		return Totp.match(open(sealedSecret, binding), code, now);
	}

	String seal(byte[] plaintext, String binding) {
		return this.box.seal(plaintext, binding);
	}

	/** @throws IllegalStateException when the value was altered, moved or sealed under another secret */
	byte[] open(String sealed, String binding) {
		return this.box.open(sealed, binding);
	}

	@Override
	public byte[] mac(String purpose, byte[] message) {
		Mac mac = this.macs.computeIfAbsent(purpose, ignored -> ThreadLocal.withInitial(() -> newMac(derive(purpose))))
			.get();
		return mac.doFinal(message);
	}

	/**
	 * A 256-bit key for one purpose, independent of the keys for every other purpose. The
	 * label keeps its historic "identity" prefix: changing it would change every stored hash.
	 */
	private byte[] derive(String purpose) {
		return hmac(this.secret, "tombot/identity/" + purpose);
	}

	private static Mac newMac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

	private static byte[] hmac(byte[] key, String message) {
		return newMac(key).doFinal(message.getBytes(StandardCharsets.UTF_8));
	}

	private void checkAgainst(JdbcClient jdbc, Clock clock) {
		String check = HexFormat.of().formatHex(derive("check"));
		try {
			jdbc.sql("insert into identity_secret_check (id, check_value, created_at) values (1, :check, :now)")
				.param("check", check)
				.param("now", SqlTime.ts(clock.instant()))
				.update();
			return;
		}
		catch (DuplicateKeyException ex) {
			// another start wrote it first: compare below
		}
		String stored = jdbc.sql("select check_value from identity_secret_check where id = 1")
			.query(String.class)
			.single();
		if (!MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
				check.getBytes(StandardCharsets.US_ASCII))) {
			throw new SettingsException("The identity secret of this node is not the one the control store's API keys "
					+ "and MFA enrolments were made with: set the same " + SETTING
					+ " on every node (or restore <data-dir>/keys/identity-secret)", null);
		}
	}

	private static byte[] fromDataDir(Path file) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
			}
			byte[] fresh = new byte[MIN_BYTES];
			new SecureRandom().nextBytes(fresh);
			PrivateFiles.createDirectories(file.getParent());
			PrivateFiles.write(file, (Base64.getEncoder().encodeToString(fresh) + "\n").getBytes(StandardCharsets.US_ASCII));
			log.info("Made a new identity secret in {}; a cluster of several nodes must set {} instead", file, SETTING);
			return fresh;
		}
		catch (IOException ex) {
			throw new SettingsException("Cannot read or make the identity secret " + file + " (" + SETTING + " unset): "
					+ ex.getMessage(), ex);
		}
	}

	private static byte[] decode(String base64, String source) {
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new SettingsException(source + " is not base64", null);
		}
		if (decoded.length < MIN_BYTES) {
			throw new SettingsException(source + " holds " + decoded.length + " bytes; it needs at least " + MIN_BYTES
					+ " random bytes (e.g. `openssl rand -base64 32`)", null);
		}
		return decoded;
	}

	@Override
	public String toString() {
		return "ServerSecret[<hidden>]";
	}

}
