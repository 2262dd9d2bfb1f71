package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user account changed; published in the control-store transaction of the change, so that
 * its listeners (the audit trail) commit with it or stop it.
 *
 * @param tenantId null for platform staff
 * @param actor who changed it; null when nobody was logged in (setup)
 * @param change {@code created}, {@code updated}, {@code roles-changed}, {@code disabled},
 * {@code unlocked}, {@code mfa-reset}, {@code deleted} or {@code password-changed}
 */
public record UserChanged(UUID tenantId, UUID userId, UUID actor, String change, Instant at) {
}
