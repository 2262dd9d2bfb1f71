package ai.tombot.identity;

import java.time.Instant;
import java.util.UUID;

/** An API key was revoked; it stops working on every node with its next request. */
public record ApiKeyRevoked(UUID tenantId, UUID keyId, UUID actor, Instant at) {
}
