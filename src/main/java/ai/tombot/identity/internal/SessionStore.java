package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * Sessions in the control store, so that every node sees a logout or a revocation at once.
 * The token itself is never stored: only its SHA-256. A session ends when it has been idle
 * for the idle timeout or has reached its absolute lifetime, whichever comes first.
 */
@Component
class SessionStore {

	/**
	 * Writes {@code last_used_at} at most this often (or a tenth of the idle timeout, if less),
	 * to keep reads from turning into writes.
	 */
	private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

	private final Store control;

	private final JdbcClient jdbc;

	private final UserRepository users;

	private final IdentityProperties properties;

	private final Clock clock;

	SessionStore(Stores stores, UserRepository users, IdentityProperties properties, Clock clock) {
		this.control = stores.control();
		this.jdbc = this.control.jdbc();
		this.users = users;
		this.properties = properties;
		this.clock = clock;
	}

	/** A new session for a user; the token is in the answer and nowhere else. */
	record NewSession(String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "NewSession[token=<hidden>, expiresAt=" + this.expiresAt + "]";
		}

	}

	/** Opens a session and runs {@code alongside} in the same transaction: both commit, or neither. */
	NewSession open(UUID userId, Runnable alongside) {
		return this.control.tx().execute(status -> {
			NewSession session = open(userId);
			alongside.run();
			return session;
		});
	}

	NewSession open(UUID userId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant expiresAt = now.plus(this.properties.sessionLifetime());
		String token = Tokens.random256();
		while (token.startsWith(ApiKeyService.PREFIX)) {
			// one in 2^24: such a token would be taken for an API key
			token = Tokens.random256();
		}
		this.jdbc.sql("""
				insert into user_session (token_hash, user_id, created_at, last_used_at, expires_at)
				values (:hash, :user, :now, :now, :expires)""")
			.param("hash", Tokens.hash(token))
			.param("user", userId)
			.param("now", SqlTime.ts(now))
			.param("expires", SqlTime.ts(expiresAt))
			.update();
		return new NewSession(token, expiresAt);
	}

	/** Ends the session of this token now (logout). */
	/** Ends the session of {@code token}, and runs {@code alongside} in the same transaction. */
	void revoke(String token, Runnable alongside) {
		this.control.tx().executeWithoutResult(status -> {
			revoke(token);
			alongside.run();
		});
	}

	void revoke(String token) {
		this.jdbc.sql("update user_session set revoked_at = :now where token_hash = :hash and revoked_at is null")
			.param("now", SqlTime.ts(this.clock.instant()))
			.param("hash", Tokens.hash(token))
			.update();
	}

	/**
	 * Ends every session of the user except the one of {@code keep}, and every login of it
	 * that waits for its second factor (after a password change: whoever knew the old password
	 * must not finish a login with it).
	 */
	void revokeOthers(UUID userId, String keep) {
		this.jdbc.sql("delete from mfa_challenge where user_id = :user").param("user", userId).update();
		this.jdbc.sql("""
				update user_session set revoked_at = :now
				where user_id = :user and token_hash <> :keep and revoked_at is null""")
			.param("now", SqlTime.ts(this.clock.instant()))
			.param("user", userId)
			.param("keep", Tokens.hash(keep))
			.update();
	}

	/**
	 * The active user of a live session, or empty for an unknown, ended or revoked one, or one
	 * whose user is disabled or whose tenant is suspended.
	 */
	Optional<AuthenticatedUser> authenticate(String token) {
		Instant now = this.clock.instant();
		String hash = Tokens.hash(token);
		record Row(UUID userId, String username, UUID tenantId, Instant lastUsed, boolean mustChangePassword,
				boolean mfaEnrollmentRequired) {
		}
		// platform staff must have a second factor, and so must the users of a tenant whose
		// policy says so
		Optional<Row> row = this.jdbc.sql("""
				select s.user_id, u.username, u.tenant_id, s.last_used_at, u.must_change_password,
				       (u.tenant_id is null or t.mfa_required) and m.confirmed_at is null as mfa_enrollment_required
				from user_session s join app_user u on u.id = s.user_id left join tenant t on t.id = u.tenant_id
				  left join user_mfa m on m.user_id = u.id
				where s.token_hash = :hash and s.revoked_at is null and s.expires_at > :now
				  and s.last_used_at > :idleSince and u.status = 'active'
				  and (u.tenant_id is null or t.status = 'active')""")
			.param("hash", hash)
			.param("now", SqlTime.ts(now))
			.param("idleSince", SqlTime.ts(now.minus(this.properties.sessionIdleTimeout())))
			.query((rs, n) -> new Row(rs.getObject("user_id", UUID.class), rs.getString("username"),
					rs.getObject("tenant_id", UUID.class), SqlTime.instant(rs, "last_used_at"),
					rs.getBoolean("must_change_password"), rs.getBoolean("mfa_enrollment_required")))
			.optional();
		if (row.isEmpty()) {
			return Optional.empty();
		}
		Duration granularity = TOUCH_GRANULARITY.compareTo(this.properties.sessionIdleTimeout().dividedBy(10)) < 0
				? TOUCH_GRANULARITY : this.properties.sessionIdleTimeout().dividedBy(10);
		if (row.get().lastUsed().plus(granularity).isBefore(now)) {
			this.jdbc.sql("update user_session set last_used_at = :now where token_hash = :hash")
				.param("now", SqlTime.ts(now))
				.param("hash", hash)
				.update();
		}
		Row found = row.get();
		return Optional.of(new AuthenticatedUser(found.userId(), found.username(), found.tenantId(),
				this.users.roles(found.userId()), found.mustChangePassword(), found.mfaEnrollmentRequired()));
	}

}
