package ai.tombot.keys.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sealing of the control store's secrets, and the MACs of the server secret. */
class SecretBoxTests {

	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@Test
	void secretBox_opensWhatItSealed_andNothingMovedOrAltered() {
		SecretBox box = new SecretBox(new byte[32]);
		String user = UUID.randomUUID().toString();
		String sealed = box.seal(RFC_SECRET, user);
		assertThat(box.open(sealed, user)).isEqualTo(RFC_SECRET);
		assertThat(box.seal(RFC_SECRET, user)).as("a fresh nonce each time").isNotEqualTo(sealed);
		assertThatThrownBy(() -> box.open(sealed, UUID.randomUUID().toString())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("moved to another row");
		byte[] bytes = java.util.Base64.getDecoder().decode(sealed);
		bytes[bytes.length - 1] ^= 1;
		String altered = java.util.Base64.getEncoder().encodeToString(bytes);
		assertThatThrownBy(() -> box.open(altered, user)).isInstanceOf(IllegalStateException.class);
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		assertThatThrownBy(() -> new SecretBox(otherKey).open(sealed, user)).isInstanceOf(IllegalStateException.class);
	}


	@Test
	void serverSecret_macsDependOnThePurpose_andSealsOnlyOpenUnderTheSameSecret() {
		ServerSecret one = new ServerSecret(new byte[32]);
		byte[] message = "tbk_x".getBytes(StandardCharsets.US_ASCII);
		assertThat(one.mac("api-key-pepper", message)).hasSize(32).isEqualTo(one.mac("api-key-pepper", message))
			.isNotEqualTo(one.mac("recovery-codes", message));
		byte[] other = new byte[32];
		other[31] = 1;
		assertThat(new ServerSecret(other).mac("api-key-pepper", message)).isNotEqualTo(one.mac("api-key-pepper", message));
		String sealed = one.seal(RFC_SECRET, "row-1");
		assertThat(one.open(sealed, "row-1")).isEqualTo(RFC_SECRET);
		assertThatThrownBy(() -> new ServerSecret(other).open(sealed, "row-1")).isInstanceOf(IllegalStateException.class);
		assertThat(one.toString()).isEqualTo("ServerSecret[<hidden>]");
	}

}
