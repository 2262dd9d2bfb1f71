package ai.tombot.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored form of an API key: HMAC-SHA-256 under a server-side pepper. A key has 256
 * random bits, so a slow hash would add nothing but cost on the hot path; the pepper means a
 * stolen copy of the table cannot even be used to test guesses.
 */
final class ApiKeyHasher {

	private final SecretKeySpec pepper;

	/** A {@code Mac} per thread: getting and initialising one costs more than using it. */
	private final ThreadLocal<Mac> macs;

	ApiKeyHasher(byte[] pepper) {
		this.pepper = new SecretKeySpec(pepper, "HmacSHA256");
		this.macs = ThreadLocal.withInitial(this::newMac);
	}

	/** Lower-case hex, 64 characters. */
	String hash(String key) {
		Mac mac = this.macs.get();
		return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.US_ASCII)));
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.pepper);
			return mac;
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException("the API-key pepper is not a valid HMAC key", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

	@Override
	public String toString() {
		return "ApiKeyHasher[<hidden>]";
	}

}
