package ai.tombot.keys.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238 over RFC 4226):
 * HMAC-SHA-1, 30-second steps, 6 digits, and a code of the step before or after also accepted
 * for clock drift. Here in {@code keys}, so that a user's secret is opened and used only inside
 * this module ({@link ai.tombot.keys.ControlKeys#otpStep}).
 */
final class Totp {

	static final int DIGITS = 6;

	static final int PERIOD_SECONDS = 30;

	/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
	static final int SECRET_BYTES = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private Totp() {
	}

	static byte[] newSecret() {
		byte[] secret = new byte[SECRET_BYTES];
		RANDOM.nextBytes(secret);
		return secret;
	}

	static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
	}

	/** The code of one time step, as a number below 10^6 (RFC 4226 § 5.3). */
	static int code(byte[] secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return binary % 1_000_000;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is missing from this JVM", ex);
		}
	}

	/**
	 * The step whose code {@code code} is, among the step of {@code now} and the one on either
	 * side; empty when none. Every candidate is computed, so the time does not tell which one
	 * matched. {@code code} must be 6 digits; spaces are ignored.
	 */
	static OptionalLong match(byte[] secret, String code, Instant now) {
		String digits = code == null ? "" : code.strip().replace(" ", "");
		if (!digits.matches("[0-9]{" + DIGITS + "}")) {
			return OptionalLong.empty();
		}
		int given = Integer.parseInt(digits);
		long current = step(now);
		long matched = -1;
		for (long step = current - 1; step <= current + 1; step++) {
			if (code(secret, step) == given && matched < 0) {
				matched = step;
			}
		}
		return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
	}

}
