package ai.tombot.keys;

/**
 * Encrypts audit archives. Each archive gets a fresh AES-256-GCM key; that key is wrapped under
 * the region's master key (under the server secret for the control store) and travels with the
 * ciphertext. Key and content are both bound to the archive's name, so an archive passed off
 * as another (another store, chain or range) does not open.
 */
public interface AuditArchiveCipher {

	/**
	 * The content, encrypted for the store and bound to {@code name}.
	 * @throws ai.tombot.platform.ApiProblem 503 when this node has no master key for the region
	 */
	byte[] seal(String store, byte[] content, String name);

	/**
	 * The content of a sealed archive.
	 * @throws IllegalArgumentException when it was altered, is another archive, or was sealed
	 * under another key
	 * @throws ai.tombot.platform.ApiProblem 503 when this node has no master key for the region
	 */
	byte[] open(String store, byte[] sealed, String name);

}
