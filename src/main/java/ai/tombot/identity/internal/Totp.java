package ai.tombot.identity.internal;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238 over RFC 4226):
 * HMAC-SHA-1, 30-second steps, 6 digits, and a code of the step before or after also accepted
 * for clock drift.
 */
final class Totp {

	static final int DIGITS = 6;

	static final int PERIOD_SECONDS = 30;

	/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
	static final int SECRET_BYTES = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

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

	/** RFC 4648 base32 without padding, as authenticator apps take secrets. */
	static String base32(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
				bits -= 5;
			}
		}
		if (bits > 0) {
			out.append(BASE32[(buffer << (5 - bits)) & 31]);
		}
		return out.toString();
	}

	/** The {@code otpauth://} URI authenticator apps scan as a QR code. */
	static String uri(String account, String base32Secret) {
		String issuer = "Tombot";
		return "otpauth://totp/" + encode(issuer + ":" + account) + "?secret=" + base32Secret + "&issuer="
				+ encode(issuer) + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
