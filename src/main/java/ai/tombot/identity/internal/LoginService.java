package ai.tombot.identity.internal;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import ai.tombot.identity.internal.SessionStore.NewSession;
import ai.tombot.identity.internal.UserRepository.StoredUser;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

/**
 * Password login, for platform staff (no tenant) and tenant users (the tenant's slug). Every
 * failure — unknown tenant, suspended tenant, unknown user, wrong password, disabled account —
 * answers the same 401 and costs one Argon2 verification, so neither the answer
 * nor its timing tells whether a username exists. The reason is logged, never the username
 * (it is often a password typed in the wrong field) and never the password.
 */
@Service
class LoginService {

	static final String TYPE_LOGIN_FAILED = "urn:tombot:problem:login-failed";

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final UserRepository users;

	private final Passwords passwords;

	private final SessionStore sessions;

	private final TenantService tenants;

	LoginService(UserRepository users, Passwords passwords, SessionStore sessions, TenantService tenants) {
		this.users = users;
		this.tenants = tenants;
		this.passwords = passwords;
		this.sessions = sessions;
	}

	/**
	 * @param tenant the slug of a tenant user's tenant; null for platform staff
	 */
	NewSession login(String tenant, String username, String password) {
		Optional<StoredUser> user;
		if (tenant == null) {
			user = this.users.findPlatformUser(username);
		}
		else {
			user = this.tenants.find(tenant)
				.filter(found -> "active".equals(found.status()))
				.flatMap(found -> this.users.findTenantUser(found.id(), username));
		}
		if (user.isEmpty()) {
			this.passwords.spendVerification(password);
			throw failed("unknown user");
		}
		boolean matches = this.passwords.matches(password, user.get().passwordHash());
		if (!matches) {
			throw failed("wrong password for user " + user.get().id());
		}
		if (!user.get().active()) {
			throw failed("user " + user.get().id() + " is disabled");
		}
		NewSession session = this.sessions.open(user.get().id());
		log.info("Login succeeded for user {}", user.get().id());
		return session;
	}

	private static ApiProblem failed(String reason) {
		log.info("Login failed: {}", reason);
		return new ApiProblem(HttpStatus.UNAUTHORIZED, TYPE_LOGIN_FAILED, "Login failed",
				"The username or the password is wrong");
	}

}
