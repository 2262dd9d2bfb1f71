package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import ai.tombot.identity.Caller;
import ai.tombot.identity.Permission;
import ai.tombot.identity.Role;
import ai.tombot.identity.UserChanged;
import ai.tombot.identity.internal.UserRepository.TenantUser;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * A tenant's users, managed by the tenant's admins or by operators. The tenant in the URL is
 * checked against the caller before anything else: a tenant user naming another tenant gets
 * the same 404 as for a tenant that does not exist, never a 403 that would confirm it.
 */
@Service
class TenantUserService {

	static final String TYPE_USER_EXISTS = "urn:tombot:problem:user-exists";

	static final String TYPE_SELF_LOCKOUT = "urn:tombot:problem:self-lockout";

	private static final Logger log = LoggerFactory.getLogger(TenantUserService.class);

	private final TenantService tenants;

	private final UserRepository users;

	private final Passwords passwords;

	private final MfaService mfa;

	private final Store control;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	TenantUserService(TenantService tenants, UserRepository users, Passwords passwords, MfaService mfa, Stores stores,
			ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.mfa = mfa;
		this.tenants = tenants;
		this.users = users;
		this.passwords = passwords;
		this.control = stores.control();
		this.clock = clock;
	}

	/** The tenant named in the URL, if the caller may act on it with {@code needed}. */
	Tenant scope(Caller caller, String slug, Permission needed) {
		Tenant tenant = this.tenants.require(slug);
		if (!caller.platformStaff() && !tenant.id().equals(caller.tenantId())) {
			throw ApiProblem.notFound("Tenant '" + slug + "'");
		}
		if (!caller.may(needed)) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
					"Your roles do not allow this request");
		}
		return tenant;
	}

	TenantUser create(Caller caller, String slug, String username, String email, String password,
			List<String> roleNames, boolean mustChangePassword) {
		Tenant tenant = scope(caller, slug, Permission.TENANT_USERS_MANAGE);
		Usernames.check(username);
		Set<Role> roles = tenantRoles(roleNames);
		PasswordPolicy.check(password, username, email);
		String hash = this.passwords.hash(password);
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		try {
			this.control.tx().executeWithoutResult(status -> {
				this.users.insertTenantUser(id, tenant.id(), username, email, hash, roles, mustChangePassword, now);
				changed(tenant, id, caller, "created", now);
			});
		}
		catch (DuplicateKeyException ex) {
			throw ApiProblem.conflict(TYPE_USER_EXISTS,
					"Tenant '" + slug + "' has a user named '" + username + "' already");
		}
		log.info("User {} created in tenant {} by user {}", id, slug, caller.id());
		return get(caller, slug, id);
	}

	List<TenantUser> list(Caller caller, String slug) {
		return this.users.tenantUsers(scope(caller, slug, Permission.TENANT_USERS_READ).id());
	}

	TenantUser get(Caller caller, String slug, UUID id) {
		Tenant tenant = scope(caller, slug, Permission.TENANT_USERS_READ);
		return this.users.tenantUser(tenant.id(), id).orElseThrow(() -> ApiProblem.notFound("User " + id));
	}

	/**
	 * Changes e-mail, roles, status and/or forces a password change; null keeps a value.
	 * Disabling ends the user's sessions at once.
	 */
	TenantUser update(Caller caller, String slug, UUID id, String email, List<String> roleNames,
			String status, Boolean mustChangePassword) {
		Tenant tenant = scope(caller, slug, Permission.TENANT_USERS_MANAGE);
		Set<Role> roles = roleNames == null ? null : tenantRoles(roleNames);
		if (id.equals(caller.id())
				&& ("disabled".equals(status) || (roles != null && !roles.contains(Role.ADMIN)))) {
			throw ApiProblem.conflict(TYPE_SELF_LOCKOUT,
					"You cannot disable yourself or give up your own ADMIN role; ask another admin");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		this.control.tx().executeWithoutResult(tx -> {
			this.users.tenantUser(tenant.id(), id).orElseThrow(() -> ApiProblem.notFound("User " + id));
			this.users.updateTenantUser(tenant.id(), id, email, status, mustChangePassword, now);
			if (roles != null) {
				this.users.replaceRoles(id, roles);
			}
			if ("disabled".equals(status)) {
				this.users.revokeSessions(id, now);
			}
			changed(tenant, id, caller, "updated", now);
			if (roles != null) {
				changed(tenant, id, caller, "roles-changed", now);
			}
			if ("disabled".equals(status)) {
				changed(tenant, id, caller, "disabled", now);
			}
		});
		log.info("User {} of tenant {} changed by user {}", id, slug, caller.id());
		return get(caller, slug, id);
	}

	/** Ends a lockout (PCI DSS 8.3.4: "until identity is confirmed" by an admin). */
	TenantUser unlock(Caller caller, String slug, UUID id) {
		Tenant tenant = scope(caller, slug, Permission.TENANT_USERS_MANAGE);
		this.users.tenantUser(tenant.id(), id).orElseThrow(() -> ApiProblem.notFound("User " + id));
		this.control.tx().executeWithoutResult(status -> {
			this.users.resetFailures(id);
			changed(tenant, id, caller, "unlocked", this.clock.instant());
		});
		log.info("User {} of tenant {} unlocked by user {}", id, slug, caller.id());
		return get(caller, slug, id);
	}

	/**
	 * Removes a user's second factor and recovery codes (lost authenticator) and ends its
	 * sessions; it logs in with its password alone, then enrols again.
	 */
	void resetMfa(Caller caller, String slug, UUID id) {
		Tenant tenant = scope(caller, slug, Permission.TENANT_USERS_MANAGE);
		this.users.tenantUser(tenant.id(), id).orElseThrow(() -> ApiProblem.notFound("User " + id));
		boolean reset = Boolean.TRUE.equals(this.control.tx().execute(status -> {
			if (!this.mfa.reset(id)) {
				return false;
			}
			this.users.revokeSessions(id, this.clock.instant());
			changed(tenant, id, caller, "mfa-reset", this.clock.instant());
			return true;
		}));
		if (reset) {
			log.info("Second factor of user {} of tenant {} reset by {}", id, slug, caller.id());
		}
	}

	void delete(Caller caller, String slug, UUID id) {
		Tenant tenant = scope(caller, slug, Permission.TENANT_USERS_MANAGE);
		if (id.equals(caller.id())) {
			throw ApiProblem.conflict(TYPE_SELF_LOCKOUT, "You cannot delete yourself; ask another admin");
		}
		this.control.tx().executeWithoutResult(status -> {
			if (!this.users.deleteTenantUser(tenant.id(), id)) {
				throw ApiProblem.notFound("User " + id);
			}
			changed(tenant, id, caller, "deleted", this.clock.instant());
		});
		log.info("User {} of tenant {} deleted by user {}", id, slug, caller.id());
	}

	/** Announces a change inside its transaction: the audit entry commits with it, or neither does. */
	private void changed(Tenant tenant, UUID userId, Caller caller, String change, Instant now) {
		this.events.publishEvent(new UserChanged(tenant.id(), userId, caller.id(), change, now));
	}

	/** Parses role names; only tenant roles, at least one. */
	static Set<Role> tenantRoles(List<String> names) {
		if (names == null || names.isEmpty()) {
			throw ApiProblem.invalid("roles", "must name at least one role");
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (String name : names) {
			Role role;
			try {
				role = Role.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw ApiProblem.invalid("roles", "unknown role; tenant roles are " + tenantRoleNames());
			}
			if (role.platform()) {
				throw ApiProblem.invalid("roles", "is a platform role; tenant roles are " + tenantRoleNames());
			}
			roles.add(role);
		}
		return roles;
	}

	private static List<String> tenantRoleNames() {
		return EnumSet.allOf(Role.class).stream().filter(role -> !role.platform()).map(Role::name).toList();
	}

}
