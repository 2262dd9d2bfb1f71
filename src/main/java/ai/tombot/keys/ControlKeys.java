package ai.tombot.keys;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Keys for the control store's own secrets (users' TOTP secrets, the hashes of API keys and
 * recovery codes), all derived from the server secret ({@code tombot.auth.secret}), which
 * every node of a cluster shares. No key leaves this module: callers get sealed values, codes
 * checked and MACs. A TOTP secret is sealed with AES-256-GCM, bound to {@code binding} (say,
 * the row it is stored in), so that a value copied onto another row does not open.
 */
public interface ControlKeys {

	/** A new TOTP secret (RFC 6238, 160 bits), sealed for {@code binding}. */
	OtpSecret newOtpSecret(String binding);

	/**
	 * The time step whose 6-digit code {@code code} is under the sealed secret, at {@code now}
	 * or one step either side; empty when it is none of them.
	 * @throws IllegalStateException when the secret was altered, moved or sealed under another server secret
	 */
	OptionalLong otpStep(String sealedSecret, String binding, String code, Instant now);

	/** HMAC-SHA-256 of {@code message} under a key for {@code purpose} alone. */
	byte[] mac(String purpose, byte[] message);

}
