package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A request in a tenant's scope came from outside the tenant's network allowlist and was
 * refused with 403.
 *
 * @param actor the user or API key; for a login, the user whose credentials were right
 * @param actorKind {@code user} (a session), {@code apiKey}, or {@code login}
 * @param request method and path, e.g. {@code GET /api/v1/tenants/acme/users}
 */
public record NetworkAccessDenied(UUID tenantId, UUID actor, String actorKind, String sourceAddress, String request,
		Instant at) {
}
