package ai.tombot.identity;

import java.util.Set;
import java.util.UUID;

/**
 * Whoever an authenticated request comes from: a person with a login session
 * ({@link AuthenticatedUser}) or an integration with an API key ({@link ApiKeyCaller}). Other
 * modules check permissions on this, never the kind of caller, except where only a person
 * makes sense (one's own password or MFA).
 */
public sealed interface Caller permits AuthenticatedUser, ApiKeyCaller {

	/** The user's id, or the API key's id: the actor of the audit trail. */
	UUID id();

	/** The tenant the caller belongs to; null for platform staff. */
	UUID tenantId();

	/** What the caller may do. */
	Set<Permission> permissions();

	default boolean may(Permission permission) {
		return permissions().contains(permission);
	}

	/** Platform staff act on every tenant; everyone else only on its own. */
	default boolean platformStaff() {
		return tenantId() == null;
	}

}
