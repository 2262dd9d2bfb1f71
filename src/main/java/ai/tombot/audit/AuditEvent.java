package ai.tombot.audit;

import java.util.UUID;

/**
 * What an audit entry says (PCI DSS 10.2.2). The writer adds the time, and from the current
 * request the source address, the user agent and the request id.
 *
 * @param tenantId the tenant concerned; null for platform actions
 * @param action what was done, e.g. {@code login}, {@code api-key.create}, {@code message.read}
 * @param resourceType the kind of object acted on, e.g. {@code api-key}; null when none
 * @param resourceId its id; never a raw identifier such as an e-mail address
 * @param subject the data subject's pseudonym, when the action concerns one
 * @param success whether the action succeeded
 * @param reason a reason code for a failure, e.g. {@code wrong-password}; null on success
 */
public record AuditEvent(AuditActor actor, UUID tenantId, String action, String resourceType, String resourceId,
		String subject, boolean success, String reason) {

	public AuditEvent {
		if (actor == null || action == null || action.isBlank()) {
			throw new IllegalArgumentException("an audit event needs an actor and an action");
		}
	}

	public static AuditEvent success(AuditActor actor, UUID tenantId, String action, String resourceType,
			String resourceId) {
		return new AuditEvent(actor, tenantId, action, resourceType, resourceId, null, true, null);
	}

	public static AuditEvent failure(AuditActor actor, UUID tenantId, String action, String reason) {
		return new AuditEvent(actor, tenantId, action, null, null, null, false, reason);
	}

	public AuditEvent withSubject(String pseudonym) {
		return new AuditEvent(this.actor, this.tenantId, this.action, this.resourceType, this.resourceId, pseudonym,
				this.success, this.reason);
	}

	public AuditEvent withResource(String type, String id) {
		return new AuditEvent(this.actor, this.tenantId, this.action, type, id, this.subject, this.success, this.reason);
	}

}
