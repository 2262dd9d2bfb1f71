package ai.tombot.keys;

import java.time.Instant;
import java.util.UUID;

/** A tenant's key got a new primary version ({@code keyId}); the re-wrap of its subject keys follows. */
public record TenantKeyRotated(UUID tenantId, long keyId, Instant at) {
}
