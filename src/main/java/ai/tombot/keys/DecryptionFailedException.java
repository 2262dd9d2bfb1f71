package ai.tombot.keys;

/**
 * A ciphertext did not decrypt: altered, moved to another record, or under a key this node
 * cannot use. Deliberately without detail; the {@link DecryptionFailed} event carries what
 * security monitoring needs.
 */
public class DecryptionFailedException extends RuntimeException {

	public DecryptionFailedException() {
		super("decryption failed");
	}

}
