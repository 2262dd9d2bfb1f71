package ai.tombot.audit;

/**
 * Writes audit entries. Each call joins the transaction the caller has open on the entry's
 * store, so the entry commits with the action or not at all; without one, it commits alone.
 * When the entry cannot be written, the call throws a 503 problem and the caller's
 * transaction rolls back: no action without its entry.
 */
public interface AuditTrail {

	/** A control-plane action: logins, tenants, users, roles, API keys, MFA, key rotation. */
	void control(AuditEvent event);

	/** An action on a tenant's customer data, in the tenant's chain in its region's store. */
	void tenant(AuditEvent event);

}
