package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A login succeeded. For the audit trail.
 *
 * @param tenant the tenant's slug; null for platform staff
 */
public record LoginSucceeded(String tenant, String username, UUID userId, String sourceAddress, String userAgent,
		Instant at) {
}
