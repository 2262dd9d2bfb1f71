package ai.tombot.keys;

import java.util.UUID;

/**
 * Envelope encryption of customer data. {@code subject} is a data subject's pseudonymous id
 * (at most 100 characters); {@code record} names the record a ciphertext belongs to (e.g.
 * {@code message/2f6c…}), and it is bound into the ciphertext with the tenant and the subject:
 * a ciphertext moved to another record, subject or tenant does not decrypt.
 */
public interface KeyService {

	/**
	 * Encrypts under the subject's key, which is made on first use.
	 * @return a version byte, then Tink's output (the key's id, a random nonce, the ciphertext and its tag)
	 * @throws SubjectErasedException when the subject's key was destroyed
	 * @throws ai.tombot.platform.ApiProblem 503 when this node has no master key for the tenant's region
	 */
	byte[] encrypt(UUID tenantId, String subject, byte[] plaintext, String record);

	/**
	 * Decrypts, or says the subject was erased. Every other failure is one
	 * {@link DecryptionFailedException} without detail, and a {@link DecryptionFailed} event.
	 */
	Decrypted decrypt(UUID tenantId, String subject, byte[] ciphertext, String record);

	/**
	 * A keyed blind index of {@code value}, for finding a record by a value that is stored only
	 * encrypted: HMAC-SHA256 of the purpose and the value under the tenant's index key, base64url
	 * without padding (43 characters). The same tenant, purpose and value always give the same
	 * index; without the key it tells nothing of the value. The index key never rotates.
	 * @param purpose what the index is for, e.g. {@code subject.email}: equal values of different purposes index differently
	 */
	String blindIndex(UUID tenantId, String purpose, String value);

	/**
	 * Crypto-shredding: deletes the subject's key and records the erasure in the region's
	 * ledger. Afterwards the subject's data decrypts to {@link Decrypted.Erased}. Destroying an
	 * erased subject's key again changes nothing.
	 * @param reason why, for the ledger (e.g. a data-subject request's id); no personal data
	 */
	void destroySubjectKey(UUID tenantId, String subject, String reason);

	/**
	 * Adds a new primary version of the tenant's key; new wraps use it at once, and a
	 * background job re-wraps the tenant's subject keys, then disables the older versions.
	 */
	TenantKeyStatus rotateTenantKey(UUID tenantId);

	/**
	 * Re-wraps every tenant key of the region under the master key's current primary version
	 * (after adding one, for a file-based master key).
	 * @return how many tenant keys were re-wrapped
	 */
	int rotateMasterKey(String region);

	/** What is known of the tenant's keys: ids, versions, states, times, re-wrap progress; never material. */
	TenantKeyStatus status(UUID tenantId);

}
