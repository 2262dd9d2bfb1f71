package ai.tombot.identity;

import java.util.Set;
import java.util.UUID;

/**
 * An integration calling with an API key of a tenant. It has exactly the permissions its
 * scopes grant, and never any of a person's own-account endpoints.
 *
 * @param id the key's id (not the key)
 * @param name the name the tenant gave the key
 * @param tenantId the key's tenant
 * @param scopes the key's scopes, e.g. {@code messages:write}
 * @param permissions what those scopes allow
 */
public record ApiKeyCaller(UUID id, String name, UUID tenantId, Set<String> scopes, Set<Permission> permissions)
		implements Caller {

	public ApiKeyCaller {
		if (tenantId == null) {
			throw new IllegalArgumentException("an API key always belongs to a tenant");
		}
		scopes = Set.copyOf(scopes);
		permissions = Set.copyOf(permissions);
	}

}
