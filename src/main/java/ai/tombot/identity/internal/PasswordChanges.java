package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import ai.tombot.identity.AccountLocked;
import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.identity.LoginFailed;
import ai.tombot.identity.UserChanged;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * A user changes its own password, knowing the current one. The new one meets the policy and
 * is none of the last four (PCI DSS 8.3.7); the change ends every other session of the user
 * and lifts a forced change. Wrong current passwords count towards the lockout like wrong
 * passwords at login; a lock ends every session of the user.
 */
@Service
class PasswordChanges {

	static final int HISTORY = 4;

	private static final Logger log = LoggerFactory.getLogger(PasswordChanges.class);

	private final UserRepository users;

	private final Passwords passwords;

	private final SessionStore sessions;

	private final Store control;

	private final Clock clock;

	private final IdentityProperties properties;

	private final ApplicationEventPublisher events;

	PasswordChanges(UserRepository users, Passwords passwords, SessionStore sessions, Stores stores, Clock clock,
			IdentityProperties properties, ApplicationEventPublisher events) {
		this.properties = properties;
		this.events = events;
		this.users = users;
		this.passwords = passwords;
		this.sessions = sessions;
		this.control = stores.control();
		this.clock = clock;
	}

	/** @param currentToken the caller's own session, which stays valid */
	void change(AuthenticatedUser caller, String currentToken, String currentPassword, String newPassword) {
		confirmCurrentPassword(caller, currentPassword);
		PasswordPolicy.check(newPassword, caller.username(), this.users.email(caller.id()));
		for (String earlier : this.users.recentPasswordHashes(caller.id(), HISTORY)) {
			if (this.passwords.matches(newPassword, earlier)) {
				throw ApiProblem.invalid("newPassword", "must not be one of your last " + HISTORY + " passwords");
			}
		}
		String hash = this.passwords.hash(newPassword);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		this.control.tx().executeWithoutResult(status -> {
			this.users.changePassword(caller.id(), hash, now);
			this.sessions.revokeOthers(caller.id(), currentToken);
			// the audit entry of a credential change commits with it, or neither does
			this.events.publishEvent(new UserChanged(caller.tenantId(), caller.id(), caller.id(), "password-changed", now));
		});
		log.info("User {} changed its password; its other sessions were ended", caller.id());
	}

	/**
	 * Checks the caller's current password, which a session holder must give again before a
	 * sensitive change. A wrong one counts toward the lockout like a wrong password at login,
	 * and a lock here also ends every session of the user.
	 * @throws ApiProblem 400 naming {@code currentPassword} when it is wrong
	 */
	void confirmCurrentPassword(AuthenticatedUser caller, String currentPassword) {
		Instant attemptAt = this.clock.instant();
		int attempts = this.users.claimAttempt(caller.id(), attemptAt);
		boolean matches = this.passwords.matches(currentPassword, this.users.passwordHash(caller.id()));
		if (!matches || attempts < 0 || attempts > this.properties.lockoutThreshold()) {
			if (attempts < 0 || attempts >= this.properties.lockoutThreshold()) {
				// guessing the current password with a session counts like guessing at login,
				// and a lock here also ends the sessions such guessing would come from
				Instant until = attemptAt.plus(this.properties.lockoutDuration());
				this.control.tx().executeWithoutResult(status -> {
					this.users.lock(caller.id(), until);
					this.users.revokeSessions(caller.id(), attemptAt);
					// the audit entry commits with the lock, or neither does
					this.events.publishEvent(new AccountLocked(null, caller.username(), caller.id(),
							Math.max(attempts, this.properties.lockoutThreshold()), until, null, attemptAt));
				});
				log.warn("User {} locked until {} after failed current-password checks; its sessions were ended",
						caller.id(), until);
			}
			this.events.publishEvent(new LoginFailed(null, caller.username(), "wrong-current-password", null, null,
					attemptAt));
			throw ApiProblem.invalid("currentPassword", "is not your current password");
		}
		this.users.clearAttempts(caller.id(), attemptAt);
	}

}
