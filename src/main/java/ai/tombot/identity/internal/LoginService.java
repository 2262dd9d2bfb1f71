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
import ai.tombot.identity.internal.MfaService.Challenge;
import ai.tombot.identity.internal.SessionStore.NewSession;
import ai.tombot.identity.internal.UserRepository.StoredUser;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.Tenant;
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
 * <li>A user with a second factor gets a pending login instead of a session; the second step
 * ({@link #completeMfa}) follows the same rules: counted before it is checked, wrong codes
 * counting toward the lockout, one identical 401 for every failure.</li>
 * <li>A tenant user who comes from outside its tenant's network allowlist gets the same 401,
 * whatever it sent, and no session.</li>
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

	static final String TYPE_MFA_FAILED = "urn:tombot:problem:mfa-failed";

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final UserRepository users;

	private final Passwords passwords;

	private final SessionStore sessions;

	private final TenantService tenants;

	private final LoginThrottle throttle;

	private final MfaService mfa;

	private final NetworkAllowlists allowlists;

	private final ApplicationEventPublisher events;

	private final IdentityProperties properties;

	private final Clock clock;

	LoginService(UserRepository users, Passwords passwords, SessionStore sessions, TenantService tenants,
			LoginThrottle throttle, MfaService mfa, NetworkAllowlists allowlists, ApplicationEventPublisher events,
			IdentityProperties properties, Clock clock) {
		this.mfa = mfa;
		this.allowlists = allowlists;
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

	/**
	 * One second step of a login: the MFA token its first step answered, and a TOTP code or a
	 * recovery code.
	 */
	record MfaAttempt(String mfaToken, String code, String sourceAddress, String userAgent) {

		@Override
		public String toString() {
			return "MfaAttempt[mfaToken=<hidden>, code=<hidden>, sourceAddress=" + this.sourceAddress + "]";
		}

	}

	/** What a right password leads to: a session, or for a user with a second factor a pending login. */
	record Outcome(NewSession session, Challenge challenge) {
	}

	Outcome login(Attempt attempt) {
		Instant now = this.clock.instant();
		Who who = new Who(attempt.tenant(), attempt.username(), attempt.sourceAddress(), attempt.userAgent());
		admit(attempt.sourceAddress(), who, now);
		Optional<StoredUser> user;
		boolean tenantKnown = true;
		if (attempt.tenant() == null) {
			user = this.users.findPlatformUser(attempt.username());
		}
		else {
			Optional<Tenant> tenant = this.tenants.find(attempt.tenant())
				.filter(found -> "active".equals(found.status()));
			tenantKnown = tenant.isPresent();
			user = tenant.flatMap(found -> this.users.findTenantUser(found.id(), attempt.username()));
		}
		if (user.isEmpty()) {
			// the same statements and the same verification as for a real user, so the time
			// does not tell the two apart
			this.users.claimAttempt(UUID.randomUUID(), now);
			this.passwords.spendVerification(attempt.password());
			throw failed(who, tenantKnown ? "unknown-user" : "unknown-tenant", null, TYPE_LOGIN_FAILED);
		}
		StoredUser found = user.get();
		int attempts = this.users.claimAttempt(found.id(), now);
		boolean matches = this.passwords.matches(attempt.password(), found.passwordHash());
		// looked up whatever the password, so that the time does not tell a right password
		// from outside the allowlist from a wrong one
		boolean inside = inside(who, found);
		checkAttempt(who, found, attempts, matches, "wrong-password", TYPE_LOGIN_FAILED, now);
		if (!inside) {
			// counted like a wrong password: the same statements, the same answer
			throw networkDenied(who, found, "POST /api/v1/auth/login", TYPE_LOGIN_FAILED);
		}
		// the password is right: this attempt is no failure. Earlier failures stay counted until
		// the login is complete, so that a known password does not reset the count of wrong codes.
		this.users.unclaimAttempt(found.id());
		if (this.passwords.needsRehash(found.passwordHash())) {
			this.users.rehash(found.id(), found.passwordHash(), this.passwords.hash(attempt.password()));
			log.info("Password hash of user {} redone with today's Argon2 parameters", found.id());
		}
		if (this.mfa.enrolled(found.id())) {
			log.info("Password right for user {}; its second factor is due", found.id());
			return new Outcome(null, this.mfa.challenge(found.id()));
		}
		return new Outcome(succeed(who, found, TYPE_LOGIN_FAILED, now), null);
	}

	/** The second step of a login with MFA; every failure answers the same 401. */
	NewSession completeMfa(MfaAttempt attempt) {
		Instant now = this.clock.instant();
		Who unknown = new Who(null, null, attempt.sourceAddress(), attempt.userAgent());
		admit(attempt.sourceAddress(), unknown, now);
		Optional<StoredUser> user = attempt.mfaToken() == null || attempt.mfaToken().length() > 200 ? Optional.empty()
				: this.mfa.challengeUser(attempt.mfaToken()).flatMap(this.users::findById);
		if (user.isEmpty()) {
			throw failed(unknown, "mfa-token-invalid", null, TYPE_MFA_FAILED);
		}
		StoredUser found = user.get();
		Optional<String> tenant = found.tenantId() == null ? Optional.empty()
				: this.tenants.find(found.tenantId()).filter(t -> "active".equals(t.status())).map(Tenant::slug);
		Who who = new Who(tenant.orElse(null), found.username(), attempt.sourceAddress(), attempt.userAgent());
		if (found.tenantId() != null && tenant.isEmpty()) {
			throw failed(who, "unknown-tenant", found, TYPE_MFA_FAILED);
		}
		// nothing is used up for a request from outside the allowlist
		if (!inside(who, found)) {
			throw networkDenied(who, found, "POST /api/v1/auth/mfa", TYPE_MFA_FAILED);
		}
		if (!this.mfa.claimChallenge(attempt.mfaToken())) {
			throw failed(who, "mfa-token-invalid", found, TYPE_MFA_FAILED);
		}
		int attempts = this.users.claimAttempt(found.id(), now);
		boolean right = attempts >= 0 && this.mfa.verify(found.id(), attempt.code());
		checkAttempt(who, found, attempts, right, "mfa-wrong-code", TYPE_MFA_FAILED, now);
		if (!this.mfa.endChallenge(attempt.mfaToken())) {
			throw failed(who, "mfa-token-invalid", found, TYPE_MFA_FAILED);
		}
		return succeed(who, found, TYPE_MFA_FAILED, now);
	}

	/** Who tried: for events and throttling; the username as typed, never logged. */
	private record Who(String tenant, String username, String sourceAddress, String userAgent) {

		@Override
		public String toString() {
			return "Who[tenant=" + this.tenant + ", username=<hidden>, sourceAddress=" + this.sourceAddress + "]";
		}

	}

	private void admit(String sourceAddress, Who who, Instant now) {
		LoginThrottle.Admission admission = this.throttle.admit(sourceAddress, now);
		admission.blockStarted().ifPresent(throttled -> {
			log.warn("Login attempts from {} refused until {}: {} attempts within a minute, {} distinct usernames",
					throttled.sourceAddress(), throttled.blockedUntil(), throttled.failuresInWindow(),
					throttled.distinctUsernames());
			this.events.publishEvent(throttled);
		});
		if (!admission.admitted()) {
			publishFailure(who, "throttled", now);
			long seconds = Math.max(1, Duration.between(now, admission.blockedUntil().get()).toSeconds());
			throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, TYPE_THROTTLED, "Too many failed logins",
					"Too many failed logins from your address; retry in " + seconds + " seconds").retryAfter(seconds);
		}
	}

	/**
	 * Fails the attempt unless its credential was right and the account may log in. Each
	 * attempt was counted before its credential was checked ({@code attempts}, or -1 for a
	 * locked account), so parallel attempts get no more guesses than sequential ones.
	 */
	private void checkAttempt(Who who, StoredUser found, int attempts, boolean right, String wrongReason, String type,
			Instant now) {
		if (attempts < 0) {
			throw failed(who, "locked", found, type);
		}
		if (attempts > this.properties.lockoutThreshold()) {
			// a parallel attempt got the last guess: this one is past the limit, whatever it sent
			lock(who, found, attempts, now);
			throw failed(who, "locked", found, type);
		}
		if (!right && attempts == this.properties.lockoutThreshold()) {
			lock(who, found, attempts, now);
			throw failed(who, wrongReason, found, type);
		}
		if (!right) {
			throw failed(who, wrongReason, found, type);
		}
		if (!found.active()) {
			throw failed(who, "disabled", found, type);
		}
	}

	/** Whether the attempt comes from inside the user's tenant's network allowlist (always, for staff). */
	private boolean inside(Who who, StoredUser found) {
		return found.tenantId() == null || this.allowlists.admits(found.tenantId(), who.sourceAddress());
	}

	/**
	 * A tenant user outside its tenant's network allowlist gets the same 401 as for a wrong
	 * credential, so that nobody outside the tenant's networks can test passwords, plus
	 * {@link ai.tombot.identity.NetworkAccessDenied} for security monitoring.
	 */
	private ApiProblem networkDenied(Who who, StoredUser found, String request, String type) {
		this.allowlists.denied(found.tenantId(), found.id(), "login", who.sourceAddress(), request);
		return failed(who, "network-denied", found, type);
	}

	private NewSession succeed(Who who, StoredUser found, String type, Instant now) {
		if (!this.users.clearAttempts(found.id(), now)) {
			throw failed(who, "locked", found, type);
		}
		this.throttle.succeeded(who.sourceAddress());
		// the audit entry commits with the session, or there is no session
		NewSession session = this.sessions.open(found.id(), () -> this.events.publishEvent(new LoginSucceeded(who.tenant(),
				who.username(), found.id(), who.sourceAddress(), who.userAgent(), now)));
		log.info("Login succeeded for user {}", found.id());
		return session;
	}

	private void lock(Who who, StoredUser user, int attempts, Instant now) {
		Instant until = now.plus(this.properties.lockoutDuration());
		this.users.lock(user.id(), until, () -> this.events.publishEvent(new AccountLocked(who.tenant(), who.username(),
				user.id(), attempts, until, who.sourceAddress(), now)));
		log.warn("User {} locked until {} after {} consecutive failed logins", user.id(), until, attempts);
	}

	private ApiProblem failed(Who who, String reason, StoredUser user, String type) {
		log.info("Login failed: {}{}", reason, user == null ? "" : " (user " + user.id() + ")");
		// counted first: a failure whose audit entry cannot be written still counts toward the throttle
		this.throttle.failed(who.sourceAddress(), who.username() == null ? "" : who.username());
		publishFailure(who, reason, this.clock.instant());
		if (TYPE_MFA_FAILED.equals(type)) {
			return new ApiProblem(HttpStatus.UNAUTHORIZED, TYPE_MFA_FAILED, "Login failed",
					"The code is wrong, or the MFA token has expired (log in again then)");
		}
		return new ApiProblem(HttpStatus.UNAUTHORIZED, TYPE_LOGIN_FAILED, "Login failed",
				"The username or the password is wrong");
	}

	private void publishFailure(Who who, String reason, Instant now) {
		this.events.publishEvent(new LoginFailed(who.tenant(), who.username(), reason, who.sourceAddress(),
				who.userAgent(), now));
	}

}
