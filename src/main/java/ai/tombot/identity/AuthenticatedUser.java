package ai.tombot.identity;

import java.util.Set;
import java.util.UUID;

/**
 * A person behind a valid login session, as other modules see it.
 *
 * @param id the user's id
 * @param username the user's name within its realm
 * @param tenantId the tenant of a tenant user; null for platform staff
 * @param roles the roles held now
 * @param mustChangePassword whether the user must change its password before anything else
 * @param mfaEnrollmentRequired whether the user must enrol a second factor before anything else:
 * platform staff, and users of a tenant whose policy requires MFA, until they have one
 */
public record AuthenticatedUser(UUID id, String username, UUID tenantId, Set<Role> roles, boolean mustChangePassword,
		boolean mfaEnrollmentRequired) implements Caller {

	public AuthenticatedUser {
		roles = Set.copyOf(roles);
	}

	/** What the roles allow; a tenant user's platform roles (which should never be stored) grant nothing. */
	@Override
	public Set<Permission> permissions() {
		return Permission.of(this.roles.stream().filter(role -> role.platform() == platformStaff()).toList());
	}

}
