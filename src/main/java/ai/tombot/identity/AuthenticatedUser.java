package ai.tombot.identity;

import java.util.Set;
import java.util.UUID;

/**
 * The caller behind a valid session, as other modules see it.
 *
 * @param id the user's id
 * @param username the user's name within its realm
 * @param tenantId the tenant of a tenant user; null for platform staff
 * @param roles the roles held now
 * @param mustChangePassword whether the user must change its password before anything else
 */
public record AuthenticatedUser(UUID id, String username, UUID tenantId, Set<Role> roles, boolean mustChangePassword) {

	public AuthenticatedUser {
		roles = Set.copyOf(roles);
	}

	/** What the roles allow; a tenant user's platform roles (which should never be stored) grant nothing. */
	public Set<Permission> permissions() {
		return Permission.of(this.roles.stream().filter(role -> role.platform() == platformStaff()).toList());
	}

	public boolean may(Permission permission) {
		return permissions().contains(permission);
	}

	/** Platform staff act on every tenant; a tenant user only on its own. */
	public boolean platformStaff() {
		return this.tenantId == null;
	}

}
