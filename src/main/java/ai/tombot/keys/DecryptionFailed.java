package ai.tombot.keys;

import java.time.Instant;
import java.util.UUID;

/**
 * A ciphertext of a tenant failed to decrypt: a possible sign of tampering.
 *
 * @param keyId the Tink id of the key the ciphertext names; 0 when it names none
 * @param record the record the caller said the ciphertext belongs to
 */
public record DecryptionFailed(UUID tenantId, long keyId, String record, Instant at) {
}
