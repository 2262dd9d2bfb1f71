package ai.tombot.identity;

/**
 * A role a user holds; a user may hold several. Platform staff hold platform roles, tenant
 * users hold tenant roles, never a mix. What each role may do is {@link Permission}'s matrix.
 * The Spring Security authority of a role is {@code ROLE_} followed by its name.
 */
public enum Role {

	/** Platform staff: runs the servers, creates tenants. */
	OPERATOR(true),

	/** Platform staff: is paged for security events, runs incidents. */
	SECURITY_RESPONDER(true),

	/** Tenant: manages its users, roles, keys and policies. */
	ADMIN(false),

	/** Tenant: reads and answers conversations. */
	AGENT(false),

	/** Tenant: reads conversations. */
	READ_ONLY(false),

	/** Tenant: reads the audit trail and compliance evidence, never message text. */
	AUDITOR(false),

	/** Tenant: handles data-subject requests, breaches and sub-processor notices. */
	PRIVACY_OFFICER(false);

	private final boolean platform;

	Role(boolean platform) {
		this.platform = platform;
	}

	/** Whether this is a role of platform staff rather than of a tenant's users. */
	public boolean platform() {
		return this.platform;
	}

	public String authority() {
		return "ROLE_" + name();
	}

}
