package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user ended its session. For the audit trail; published in the transaction that ends it.
 *
 * @param tenantId the user's tenant; null for platform staff
 */
public record LoggedOut(UUID userId, UUID tenantId, Instant at) {
}
