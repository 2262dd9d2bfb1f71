package ai.tombot;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app does, written apart from the server's code so that tests check
 * the server against RFC 6238 rather than against itself: base32 secrets, HMAC-SHA-1, 30 s
 * steps, 6 digits.
 */
public final class TestTotp {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private TestTotp() {
	}

	public static long step(Instant at) {
		return at.getEpochSecond() / 30;
	}

	/** The 6-digit code of {@code step}, zero-padded. */
	public static String code(String base32Secret, long step) {
		return String.format(Locale.ROOT, "%06d", raw(decode(base32Secret), step) % 1_000_000);
	}

	/** RFC 4226's truncated value, all 31 bits, for the RFC's 8-digit test vectors. */
	public static int raw(byte[] secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int o = h[19] & 0xf;
			return ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static byte[] decode(String base32) {
		String clean = base32.replace("=", "").toUpperCase(Locale.ROOT);
		ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
		int buffer = 0;
		int bits = 0;
		for (char c : clean.toCharArray()) {
			int value = ALPHABET.indexOf(c);
			if (value < 0) {
				throw new IllegalArgumentException("not base32: " + c);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				out.put((byte) (buffer >>> (bits - 8)));
				bits -= 8;
			}
		}
		return out.array();
	}

}
