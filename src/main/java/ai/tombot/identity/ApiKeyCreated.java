package ai.tombot.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant got a new API key (never the key itself in here).
 *
 * @param expiresAt null when the key does not expire
 * @param actor the user who made it
 */
public record ApiKeyCreated(UUID tenantId, UUID keyId, String prefix, List<String> scopes, Instant expiresAt,
		UUID actor, Instant at) {

	public ApiKeyCreated {
		scopes = List.copyOf(scopes);
	}

}
