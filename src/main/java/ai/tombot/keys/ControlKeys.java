package ai.tombot.keys;

/**
 * Keys for the control store's own secrets (users' TOTP secrets, the hashes of API keys and
 * recovery codes), all derived from the server secret ({@code tombot.auth.secret}), which
 * every node of a cluster shares. No key leaves this module: callers get sealed values and
 * MACs.
 */
public interface ControlKeys {

	/**
	 * AES-256-GCM under a key for sealing, bound to {@code binding} (say, the row it is stored
	 * in): a value copied onto another row does not open.
	 */
	String seal(byte[] plaintext, String binding);

	/** @throws IllegalStateException when the value was altered, moved or sealed under another secret */
	byte[] open(String sealed, String binding);

	/** HMAC-SHA-256 of {@code message} under a key for {@code purpose} alone. */
	byte[] mac(String purpose, byte[] message);

}
