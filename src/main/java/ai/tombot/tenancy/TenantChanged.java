package ai.tombot.tenancy;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's settings changed; published in the control-store transaction of the change.
 *
 * @param change {@code updated} (name or status), {@code mfa-policy} or {@code network-allowlist}
 */
public record TenantChanged(UUID tenantId, String change, Instant at) {
}
