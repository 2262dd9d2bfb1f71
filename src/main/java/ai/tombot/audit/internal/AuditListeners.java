package ai.tombot.audit.internal;

import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.identity.AccountLocked;
import ai.tombot.identity.ApiKeyCaller;
import ai.tombot.identity.ApiKeyCreated;
import ai.tombot.identity.ApiKeyRevoked;
import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.identity.LoginFailed;
import ai.tombot.identity.LoggedOut;
import ai.tombot.identity.LoginSucceeded;
import ai.tombot.identity.LoginThrottled;
import ai.tombot.identity.MfaEnrolled;
import ai.tombot.identity.NetworkAccessDenied;
import ai.tombot.identity.UserChanged;
import ai.tombot.keys.DecryptionFailed;
import ai.tombot.keys.MasterKeyRotated;
import ai.tombot.keys.MasterKeyRotationStarted;
import ai.tombot.keys.SubjectKeyDestroyed;
import ai.tombot.keys.TenantKeyRotated;
import ai.tombot.tenancy.TenantChanged;
import ai.tombot.tenancy.TenantCreated;
import ai.tombot.tenancy.TenantService;

/**
 * What the other modules announce, written to the audit trail. Listeners run in the
 * publisher's thread and transaction: where the publisher publishes inside its transaction,
 * the entry commits with the action, and a failed entry (503) rolls the action back.
 * Usernames in the events are never written: they may be e-mail addresses.
 */
@Component
class AuditListeners {

	private final AuditTrail trail;

	private final TenantService tenants;

	AuditListeners(AuditTrail trail, TenantService tenants) {
		this.trail = trail;
		this.tenants = tenants;
	}

	@EventListener
	void on(LoggedOut event) {
		this.trail.control(AuditEvent.success(AuditActor.user(event.userId()), event.tenantId(), "logout", "user",
				event.userId().toString()));
	}

	@EventListener
	void on(LoginSucceeded event) {
		this.trail.control(AuditEvent.success(AuditActor.user(event.userId()), tenant(event.tenant()), "login", "user",
				event.userId().toString()));
	}

	/** A failed login names no user; a wrong current password, given with a session, names its user. */
	@EventListener
	void on(LoginFailed event) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof AuthenticatedUser user) {
			this.trail.control(AuditEvent.failure(AuditActor.user(user.id()), user.tenantId(), "login", event.reason()));
			return;
		}
		this.trail.control(AuditEvent.failure(AuditActor.anonymous(), tenant(event.tenant()), "login", event.reason()));
	}

	@EventListener
	void on(AccountLocked event) {
		this.trail.control(AuditEvent.success(AuditActor.system(), tenant(event.tenant()), "user.lock", "user",
				event.userId().toString()));
	}

	@EventListener
	void on(LoginThrottled event) {
		this.trail.control(AuditEvent.success(AuditActor.system(), null, "login.throttle", "source-address",
				event.sourceAddress()));
	}

	@EventListener
	void on(ApiKeyCreated event) {
		this.trail.control(AuditEvent.success(AuditActor.user(event.actor()), event.tenantId(), "api-key.create", "api-key",
				event.keyId().toString()));
	}

	@EventListener
	void on(ApiKeyRevoked event) {
		this.trail.control(AuditEvent.success(AuditActor.user(event.actor()), event.tenantId(), "api-key.revoke", "api-key",
				event.keyId().toString()));
	}

	@EventListener
	void on(MfaEnrolled event) {
		this.trail.control(AuditEvent.success(AuditActor.user(event.userId()), event.tenantId(), "mfa.enrol", "user",
				event.userId().toString()));
	}

	@EventListener
	void on(NetworkAccessDenied event) {
		AuditActor actor = "apiKey".equals(event.actorKind()) ? AuditActor.apiKey(event.actor())
				: AuditActor.user(event.actor());
		this.trail.control(AuditEvent.failure(actor, event.tenantId(), "network.access", "outside-allowlist"));
	}

	@EventListener
	void on(TenantCreated event) {
		this.trail.control(AuditEvent.success(currentActor(), event.tenantId(), "tenant.create", "tenant",
				event.tenantId().toString()));
	}

	@EventListener
	void on(TenantChanged event) {
		this.trail.control(AuditEvent.success(currentActor(), event.tenantId(), "tenant." + event.change(), "tenant",
				event.tenantId().toString()));
	}

	@EventListener
	void on(UserChanged event) {
		AuditActor actor = event.actor() == null ? currentActor() : AuditActor.user(event.actor());
		this.trail.control(AuditEvent.success(actor, event.tenantId(), "user." + event.change(), "user",
				event.userId().toString()));
	}

	/** In the tenant's chain, in the rotation's own transaction (same store): both commit, or neither. */
	@EventListener
	void on(TenantKeyRotated event) {
		this.trail.tenant(AuditEvent.success(currentActor(), event.tenantId(), "tenant-key.rotate", "tenant-key",
				Long.toString(event.keyId())));
	}

	/** Before the rotation changes anything: no entry, no rotation. */
	@EventListener
	void on(MasterKeyRotationStarted event) {
		this.trail.control(AuditEvent.success(currentActor(), null, "master-key.rotate-start", "region", event.region()));
	}

	@EventListener
	void on(MasterKeyRotated event) {
		this.trail.control(AuditEvent.success(currentActor(), null, "master-key.rotate", "region", event.region()));
	}

	@EventListener
	void on(SubjectKeyDestroyed event) {
		// the reason is free text and may name the person: only its kind is written
		this.trail.tenant(AuditEvent.success(currentActor(), event.tenantId(), "subject-key.destroy", "subject-key", null)
			.withSubject(event.subject()));
	}

	@EventListener
	void on(DecryptionFailed event) {
		this.trail.tenant(new AuditEvent(currentActor(), event.tenantId(), "decrypt", "record", event.record(), null,
				false, "decryption-failed"));
	}

	private UUID tenant(String slug) {
		return slug == null ? null : this.tenants.find(slug).map(ai.tombot.tenancy.Tenant::id).orElse(null);
	}

	/** The caller of the current request, or the system (schedulers, startup). */
	static AuditActor currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Object principal = authentication == null ? null : authentication.getPrincipal();
		if (principal instanceof AuthenticatedUser user) {
			return AuditActor.user(user.id());
		}
		if (principal instanceof ApiKeyCaller key) {
			return AuditActor.apiKey(key.id());
		}
		return AuditActor.system();
	}

}
