package ai.tombot.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

/** TOTP enrolments, recovery codes and pending MFA logins, in the control store. */
@Repository
class MfaRepository {

	private final JdbcClient jdbc;

	MfaRepository(Stores stores) {
		this.jdbc = stores.control().jdbc();
	}

	/**
	 * A user's TOTP enrolment.
	 *
	 * @param sealedSecret the secret as {@link ai.tombot.keys.ControlKeys#seal} sealed it
	 * @param confirmedAt null while the enrolment waits for its first code
	 */
	record Enrolment(UUID userId, String sealedSecret, Instant confirmedAt) {

		@Override
		public String toString() {
			return "Enrolment[userId=" + this.userId + ", confirmedAt=" + this.confirmedAt + "]";
		}

	}

	Optional<Enrolment> enrolment(UUID userId) {
		return this.jdbc.sql("select user_id, secret, confirmed_at from user_mfa where user_id = :user")
			.param("user", userId)
			.query((rs, n) -> new Enrolment(rs.getObject("user_id", UUID.class), rs.getString("secret"),
					SqlTime.instant(rs, "confirmed_at")))
			.optional();
	}

	boolean confirmed(UUID userId) {
		return this.jdbc.sql("select count(*) from user_mfa where user_id = :user and confirmed_at is not null")
			.param("user", userId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Starts (or starts again) an unconfirmed enrolment; false if a confirmed one exists. Run
	 * it in a transaction.
	 */
	boolean begin(UUID userId, String sealedSecret) {
		this.jdbc.sql("delete from user_mfa where user_id = :user and confirmed_at is null").param("user", userId).update();
		if (confirmed(userId)) {
			return false;
		}
		this.jdbc.sql("insert into user_mfa (user_id, secret) values (:user, :secret)")
			.param("user", userId)
			.param("secret", sealedSecret)
			.update();
		return true;
	}

	/**
	 * Records {@code step} as the last accepted one, if it is later than every step accepted
	 * before: false means this code (or a later one) was used already.
	 */
	boolean acceptStep(UUID userId, long step) {
		return this.jdbc.sql("""
				update user_mfa set last_step = :step
				where user_id = :user and (last_step is null or last_step < :step)""")
			.param("step", step)
			.param("user", userId)
			.update() == 1;
	}

	/**
	 * Confirms the enrolment and replaces the recovery codes, in the caller's transaction;
	 * false, changing nothing, when it was confirmed already (by a parallel request).
	 */
	boolean confirm(UUID userId, List<String> recoveryCodeHashes, Instant now) {
		int confirmed = this.jdbc.sql("update user_mfa set confirmed_at = :now where user_id = :user and confirmed_at is null")
			.param("now", SqlTime.ts(now))
			.param("user", userId)
			.update();
		if (confirmed != 1) {
			return false;
		}
		this.jdbc.sql("delete from mfa_recovery_code where user_id = :user").param("user", userId).update();
		for (String hash : recoveryCodeHashes) {
			this.jdbc.sql("insert into mfa_recovery_code (user_id, code_hash) values (:user, :hash)")
				.param("user", userId)
				.param("hash", hash)
				.update();
		}
		return true;
	}

	/** Uses up a recovery code; false if it is not one of the user's unused codes. */
	boolean useRecoveryCode(UUID userId, String hash, Instant now) {
		return this.jdbc.sql("""
				update mfa_recovery_code set used_at = :now
				where user_id = :user and code_hash = :hash and used_at is null""")
			.param("now", SqlTime.ts(now))
			.param("user", userId)
			.param("hash", hash)
			.update() == 1;
	}

	int unusedRecoveryCodes(UUID userId) {
		return this.jdbc.sql("select count(*) from mfa_recovery_code where user_id = :user and used_at is null")
			.param("user", userId)
			.query(Long.class)
			.single()
			.intValue();
	}

	/** Removes the enrolment, the recovery codes and pending logins (an admin's reset). */
	boolean remove(UUID userId) {
		this.jdbc.sql("delete from mfa_recovery_code where user_id = :user").param("user", userId).update();
		this.jdbc.sql("delete from mfa_challenge where user_id = :user").param("user", userId).update();
		return this.jdbc.sql("delete from user_mfa where user_id = :user").param("user", userId).update() == 1;
	}

	void insertChallenge(String tokenHash, UUID userId, Instant now, Instant expiresAt) {
		this.jdbc.sql("delete from mfa_challenge where expires_at <= :now").param("now", SqlTime.ts(now)).update();
		this.jdbc.sql("""
				insert into mfa_challenge (token_hash, user_id, created_at, expires_at)
				values (:hash, :user, :now, :expires)""")
			.param("hash", tokenHash)
			.param("user", userId)
			.param("now", SqlTime.ts(now))
			.param("expires", SqlTime.ts(expiresAt))
			.update();
	}

	/** The user of a pending login that has not expired. */
	Optional<UUID> challengeUser(String tokenHash, Instant now) {
		return this.jdbc.sql("select user_id from mfa_challenge where token_hash = :hash and expires_at > :now")
			.param("hash", tokenHash)
			.param("now", SqlTime.ts(now))
			.query(UUID.class)
			.optional();
	}

	/**
	 * Counts one code tried on a pending login, before it is checked, so that parallel tries
	 * get no more than {@code maxAttempts}; false when the login is unknown, expired or used up.
	 */
	boolean claimChallenge(String tokenHash, int maxAttempts, Instant now) {
		return this.jdbc.sql("""
				update mfa_challenge set attempts = attempts + 1
				where token_hash = :hash and attempts < :max and expires_at > :now""")
			.param("hash", tokenHash)
			.param("max", maxAttempts)
			.param("now", SqlTime.ts(now))
			.update() == 1;
	}

	/** Ends every pending login of the user (password changed, sessions ended). */
	void endChallenges(UUID userId) {
		this.jdbc.sql("delete from mfa_challenge where user_id = :user").param("user", userId).update();
	}

	/** Ends a pending login; false if it had ended already (used by a parallel request). */
	boolean endChallenge(String tokenHash) {
		return this.jdbc.sql("delete from mfa_challenge where token_hash = :hash").param("hash", tokenHash).update() == 1;
	}

}
