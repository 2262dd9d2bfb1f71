package ai.tombot.keys.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import ai.tombot.TestTotp;
import ai.tombot.platform.Base32;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP against RFC 6238's own test vectors. */
class TotpTests {

	/** RFC 6238 Appendix B, SHA-1: the ASCII secret "12345678901234567890". */
	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@Test
	void code_matchesRfc6238TestVectors() {
		long[][] vectors = { { 59L, 94287082 }, { 1111111109L, 7081804 }, { 1111111111L, 14050471 },
				{ 1234567890L, 89005924 }, { 2000000000L, 69279037 }, { 20000000000L, 65353130 } };
		for (long[] vector : vectors) {
			long step = Totp.step(Instant.ofEpochSecond(vector[0]));
			// the RFC lists 8 digits; 6-digit codes are their last six
			assertThat(Totp.code(RFC_SECRET, step)).as("T=%d", vector[0]).isEqualTo((int) (vector[1] % 1_000_000));
		}
	}

	@Test
	void match_acceptsTheStepBeforeAndAfter_only() {
		Instant now = Instant.ofEpochSecond(1111111111L);
		long step = Totp.step(now);
		for (long offset = -3; offset <= 3; offset++) {
			String code = String.format("%06d", Totp.code(RFC_SECRET, step + offset));
			boolean expected = Math.abs(offset) <= 1;
			assertThat(Totp.match(RFC_SECRET, code, now).isPresent()).as("offset %d", offset).isEqualTo(expected);
			if (expected) {
				assertThat(Totp.match(RFC_SECRET, code, now).getAsLong()).isEqualTo(step + offset);
			}
		}
		assertThat(Totp.match(RFC_SECRET, "050 471", now)).hasValue(step);
		assertThat(Totp.match(RFC_SECRET, "50471", now)).isEmpty();
		assertThat(Totp.match(RFC_SECRET, "0504711", now)).isEmpty();
		assertThat(Totp.match(RFC_SECRET, "abcdef", now)).isEmpty();
		assertThat(Totp.match(RFC_SECRET, null, now)).isEmpty();
	}

	@Test
	void base32_isRfc4648_andRoundTripsThroughAnIndependentDecoder() {
		assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
		assertThat(Base32.encode(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
		byte[] secret = Totp.newSecret();
		assertThat(TestTotp.decode(Base32.encode(secret))).isEqualTo(secret);
		assertThat(TestTotp.code(Base32.encode(RFC_SECRET), 37037037L)).isEqualTo("050471");
	}

}
