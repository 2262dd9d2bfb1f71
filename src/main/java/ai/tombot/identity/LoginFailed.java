package ai.tombot.identity;

import java.time.Instant;

/**
 * A login failed. The caller was told only "wrong username or password"; the reason is here,
 * for the audit trail only. Never carries the password.
 *
 * @param tenant the tenant's slug as sent; null for platform staff
 * @param username the username as sent
 * @param reason {@code unknown-tenant}, {@code unknown-user}, {@code wrong-password},
 * {@code disabled}, {@code locked} or {@code throttled}
 */
public record LoginFailed(String tenant, String username, String reason, String sourceAddress, String userAgent,
		Instant at) {
}
