package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user confirmed a TOTP second factor.
 *
 * @param tenantId the user's tenant; null for platform staff
 */
public record MfaEnrolled(UUID tenantId, UUID userId, Instant at) {
}
