package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import ai.tombot.identity.AccountLocked;
import ai.tombot.identity.LoginFailed;
import ai.tombot.identity.LoginSucceeded;
import ai.tombot.identity.internal.SessionStore.NewSession;
import ai.tombot.identity.internal.UserRepository.StoredUser;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

/**
 * Password login, for platform staff (no tenant) and tenant users (the tenant's slug).
 *
 * <ul>
 * <li>Every failure — unknown tenant, suspended tenant, unknown user, wrong password, disabled
 * or locked account — answers the same 401 and costs one Argon2 verification, so neither the
 * answer nor its timing tells whether a username exists.</li>
 * <li>{@code tombot.auth.lockout-threshold} consecutive wrong passwords lock the account for
 * {@code tombot.auth.lockout-duration} (PCI DSS 8.3.4); a locked account refuses even the
 * right password, with the same 401. Each attempt is counted before its password is checked,
 * so parallel attempts get no more guesses than sequential ones.</li>
 * <li>An address that fails too often is refused with 429 before any password is checked
 * ({@link LoginThrottle}).</li>
 * </ul>
 *
 * Every attempt emits {@link LoginSucceeded} or {@link LoginFailed} (with the reason), and a
 * lock {@link AccountLocked}, for the audit trail. The log gets the reason and the user id,
 * never the username as typed (often a password in the wrong field) and never the password.
 */
@Service
class LoginService {

	static final String TYPE_LOGIN_FAILED = "urn:tombot:problem:login-failed";

	static final String TYPE_THROTTLED = "urn:tombot:problem:login-throttled";

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final UserRepository users;

	private final Passwords passwords;

	private final SessionStore sessions;

	private final TenantService tenants;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	private final IdentityProperties properties;

	private final Clock clock;

	LoginService(UserRepository users, Passwords passwords, SessionStore sessions, TenantService tenants,
			LoginThrottle throttle, ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
		this.users = users;
		this.passwords = passwords;
		this.sessions = sessions;
		this.tenants = tenants;
		this.throttle = throttle;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * One login attempt.
	 *
	 * @param tenant the slug of a tenant user's tenant; null for platform staff
	 * @param sourceAddress the client's address
	 * @param userAgent the client's User-Agent, possibly null
	 */
	record Attempt(String tenant, String username, String password, String sourceAddress, String userAgent) {

		@Override
		public String toString() {
			return "Attempt[tenant=" + this.tenant + ", username=<hidden>, password=<hidden>, sourceAddress="
					+ this.sourceAddress + "]";
		}

	}

	NewSession login(Attempt attempt) {
		Instant now = this.clock.instant();
		LoginThrottle.Admission admission = this.throttle.admit(attempt.sourceAddress(), now);
		admission.blockStarted().ifPresent(throttled -> {
			log.warn("Login attempts from {} refused until {}: {} attempts within a minute, {} distinct usernames",
					throttled.sourceAddress(), throttled.blockedUntil(), throttled.failuresInWindow(),
					throttled.distinctUsernames());
			this.events.publishEvent(throttled);
		});
		if (!admission.admitted()) {
			publishFailure(attempt, "throttled", now);
			long seconds = Math.max(1, Duration.between(now, admission.blockedUntil().get()).toSeconds());
			throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, TYPE_THROTTLED, "Too many failed logins",
					"Too many failed logins from your address; retry in " + seconds + " seconds").retryAfter(seconds);
		}
		Optional<StoredUser> user;
		boolean tenantKnown = true;
		if (attempt.tenant() == null) {
			user = this.users.findPlatformUser(attempt.username());
		}
		else {
			Optional<ai.tombot.tenancy.Tenant> tenant = this.tenants.find(attempt.tenant())
				.filter(found -> "active".equals(found.status()));
			tenantKnown = tenant.isPresent();
			user = tenant.flatMap(found -> this.users.findTenantUser(found.id(), attempt.username()));
		}
		if (user.isEmpty()) {
			// the same statements and the same verification as for a real user, so the time
			// does not tell the two apart
			this.users.claimAttempt(UUID.randomUUID(), now);
			this.passwords.spendVerification(attempt.password());
			throw failed(attempt, tenantKnown ? "unknown-user" : "unknown-tenant", null);
		}
		StoredUser found = user.get();
		int attempts = this.users.claimAttempt(found.id(), now);
		boolean matches = this.passwords.matches(attempt.password(), found.passwordHash());
		if (attempts < 0) {
			throw failed(attempt, "locked", found);
		}
		if (attempts > this.properties.lockoutThreshold()) {
			// a parallel attempt got the last guess: this one is past the limit, whatever it sent
			lock(attempt, found, attempts, now);
			throw failed(attempt, "locked", found);
		}
		if (!matches && attempts == this.properties.lockoutThreshold()) {
			lock(attempt, found, attempts, now);
			throw failed(attempt, "wrong-password", found);
		}
		if (!matches) {
			throw failed(attempt, "wrong-password", found);
		}
		if (!found.active()) {
			throw failed(attempt, "disabled", found);
		}
		if (!this.users.clearAttempts(found.id(), now)) {
			throw failed(attempt, "locked", found);
		}
		this.throttle.succeeded(attempt.sourceAddress());
		if (this.passwords.needsRehash(found.passwordHash())) {
			this.users.rehash(found.id(), found.passwordHash(), this.passwords.hash(attempt.password()));
			log.info("Password hash of user {} redone with today's Argon2 parameters", found.id());
		}
		NewSession session = this.sessions.open(found.id());
		log.info("Login succeeded for user {}", found.id());
		this.events.publishEvent(new LoginSucceeded(attempt.tenant(), attempt.username(), found.id(),
				attempt.sourceAddress(), attempt.userAgent(), now));
		return session;
	}

	private void lock(Attempt attempt, StoredUser user, int attempts, Instant now) {
		Instant until = now.plus(this.properties.lockoutDuration());
		this.users.lock(user.id(), until);
		log.warn("User {} locked until {} after {} consecutive failed logins", user.id(), until, attempts);
		this.events.publishEvent(new AccountLocked(attempt.tenant(), attempt.username(), user.id(), attempts, until,
				attempt.sourceAddress(), now));
	}

	private ApiProblem failed(Attempt attempt, String reason, StoredUser user) {
		log.info("Login failed: {}{}", reason, user == null ? "" : " (user " + user.id() + ")");
		publishFailure(attempt, reason, this.clock.instant());
		this.throttle.failed(attempt.sourceAddress(), attempt.username());
		return new ApiProblem(HttpStatus.UNAUTHORIZED, TYPE_LOGIN_FAILED, "Login failed",
				"The username or the password is wrong");
	}

	private void publishFailure(Attempt attempt, String reason, Instant now) {
		this.events.publishEvent(new LoginFailed(attempt.tenant(), attempt.username(), reason, attempt.sourceAddress(),
				attempt.userAgent(), now));
	}

}
