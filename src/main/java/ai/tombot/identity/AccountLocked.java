package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * An account reached the limit of consecutive failed logins and is locked until
 * {@code lockedUntil} (PCI DSS 8.3.4), or until an admin unlocks it.
 */
public record AccountLocked(String tenant, String username, UUID userId, int failedAttempts, Instant lockedUntil,
		String sourceAddress, Instant at) {
}
