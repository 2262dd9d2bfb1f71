package ai.tombot.audit;

import java.time.Instant;

/**
 * Verification found a chain altered: its first broken place.
 *
 * @param store {@code control} or the region
 * @param chain {@code control} or the tenant's id
 * @param kind {@code modified}, {@code deleted}, {@code reordered} or {@code inserted}
 */
public record AuditTamperDetected(String store, String chain, long seq, String kind, String detail, Instant at) {
}
