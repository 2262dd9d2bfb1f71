package ai.tombot.keys;

/**
 * The Ed25519 keys that sign audit checkpoints: one per store ({@code control}, and each
 * region), made at the store's first start, kept wrapped (a region's under its master key, the
 * control store's under the server secret). Verification uses the public key of the wrapped
 * private key, never a public key stored on its own, so that whoever can write the database
 * cannot swap in a key of their own.
 */
public interface AuditSigner {

	/**
	 * Signs {@code message} with the store's key; the signature names the key's id.
	 * @throws ai.tombot.platform.ApiProblem 503 when this node has no master key for the region
	 */
	byte[] sign(String store, byte[] message);

	/** Whether {@code signature} is the store's key's over {@code message}. */
	boolean verify(String store, byte[] message, byte[] signature);

	/** The store's public keyset (Tink JSON), for verification elsewhere. */
	String publicKeyset(String store);

	/** The SHA-256 fingerprint (hex) of the store's public key, also logged at every start: what to pin. */
	String fingerprint(String store);

}
