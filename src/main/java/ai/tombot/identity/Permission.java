package ai.tombot.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a caller may do: the one permission matrix of Tombot. Every endpoint checks a
 * permission (never a role) on the server, and {@code docs/permissions.md} publishes this
 * matrix; {@code PermissionMatrixTests} fails when the two disagree. A permission that no
 * endpoint checks yet is marked so in the docs.
 */
public enum Permission {

	/** Create and change tenants. */
	TENANTS_MANAGE(Role.OPERATOR),

	/** List and read tenants. */
	TENANTS_READ(Role.OPERATOR, Role.SECURITY_RESPONDER),

	/** Create, change and delete a tenant's users (any tenant's for operators). */
	TENANT_USERS_MANAGE(Role.OPERATOR, Role.ADMIN),

	/** List and read a tenant's users. */
	TENANT_USERS_READ(Role.OPERATOR, Role.ADMIN, Role.AUDITOR),

	/** Read conversations and messages. */
	CONVERSATIONS_READ(Role.ADMIN, Role.AGENT, Role.READ_ONLY),

	/** Send messages and change conversations. */
	CONVERSATIONS_WRITE(Role.ADMIN, Role.AGENT),

	/** See tokenized personal data in messages revealed (every reveal audited). */
	PERSONAL_DATA_REVEAL(Role.ADMIN),

	/** Add and list a tenant's channels. */
	CHANNELS_MANAGE(Role.ADMIN),

	/** Create and revoke API keys for integrations. */
	API_KEYS_MANAGE(Role.OPERATOR, Role.ADMIN),

	/** Rotate a region's master key. */
	MASTER_KEYS_MANAGE(Role.OPERATOR),

	/** See a tenant's keys (never their material) and rotate them. */
	TENANT_KEYS_MANAGE(Role.OPERATOR, Role.ADMIN),

	/** Change the tenant's policies: redaction, retention, MFA, network allowlist. */
	TENANT_POLICIES_MANAGE(Role.OPERATOR, Role.ADMIN),

	/** Read and verify the audit trail (a tenant's users: their tenant's chain only). */
	AUDIT_READ(Role.OPERATOR, Role.SECURITY_RESPONDER, Role.ADMIN, Role.AUDITOR),

	/** Handle data-subject requests and breaches. */
	PRIVACY_MANAGE(Role.PRIVACY_OFFICER),

	/** Run incidents and post-mortems. */
	INCIDENTS_MANAGE(Role.SECURITY_RESPONDER, Role.OPERATOR);

	private final Set<Role> roles;

	Permission(Role first, Role... more) {
		this.roles = EnumSet.of(first, more);
	}

	/** The roles that grant this permission. */
	public Set<Role> roles() {
		return Set.copyOf(this.roles);
	}

	/** The Spring Security authority, e.g. {@code tombot:tenant-users:manage}. */
	public String authority() {
		return "tombot:" + name().toLowerCase(Locale.ROOT).replaceFirst("_(manage|read|write)$", ":$1").replace('_', '-');
	}

	/** Everything a holder of these roles may do. */
	public static Set<Permission> of(Collection<Role> held) {
		Set<Permission> granted = EnumSet.noneOf(Permission.class);
		for (Permission permission : values()) {
			if (held.stream().anyMatch(permission.roles::contains)) {
				granted.add(permission);
			}
		}
		return granted;
	}

}
