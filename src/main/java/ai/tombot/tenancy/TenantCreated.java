package ai.tombot.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A tenant was made; published in the control-store transaction that records it. */
public record TenantCreated(UUID tenantId, String slug, String region, Instant at) {
}
