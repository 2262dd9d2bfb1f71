package ai.tombot.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.identity.Role;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

/** Users and their roles, in the control store. */
@Repository
class UserRepository {

	static final String PLATFORM_REALM = "platform";

	private final JdbcClient jdbc;

	private final Stores stores;

	UserRepository(Stores stores) {
		this.stores = stores;
		this.jdbc = stores.control().jdbc();
	}

	/** A user as login needs it. */
	record StoredUser(UUID id, String username, UUID tenantId, String passwordHash, boolean active,
			Instant lockedUntil) {

		StoredUser(UUID id, String username, UUID tenantId, String passwordHash, boolean active) {
			this(id, username, tenantId, passwordHash, active, null);
		}

		boolean lockedAt(Instant now) {
			return this.lockedUntil != null && this.lockedUntil.isAfter(now);
		}

		@Override
		public String toString() {
			return "StoredUser[id=" + this.id + "]";
		}

	}

	Optional<StoredUser> findPlatformUser(String username) {
		return findUser(PLATFORM_REALM, username);
	}

	void insertPlatformUser(UUID id, String username, String passwordHash, Set<Role> roles, Instant now) {
		insertUser(id, null, username, null, passwordHash, roles, false, now);
	}

	Optional<StoredUser> findById(UUID id) {
		return this.jdbc.sql("select * from app_user where id = :id")
			.param("id", id)
			.query((rs, n) -> storedUser(rs))
			.optional();
	}

	private Optional<StoredUser> findUser(String realm, String username) {
		return this.jdbc.sql("select * from app_user where realm = :realm and username = :username")
			.param("realm", realm)
			.param("username", username)
			.query((rs, n) -> storedUser(rs))
			.optional();
	}

	/** A user of a tenant ({@code tenantId}) or, with a null tenant, of the platform. */
	private void insertUser(UUID id, UUID tenantId, String username, String email, String passwordHash, Set<Role> roles,
			boolean mustChangePassword, Instant now) {
		this.jdbc.sql("""
				insert into app_user (id, realm, tenant_id, username, email, password_hash, status, must_change_password,
				                      password_changed_at, created_at, updated_at)
				values (:id, :realm, :tenant, :username, :email, :hash, 'active', :mustChange, :now, :now, :now)""")
			.param("id", id)
			.param("realm", tenantId == null ? PLATFORM_REALM : tenantId.toString())
			.param("tenant", tenantId)
			.param("username", username)
			.param("email", email)
			.param("hash", passwordHash)
			.param("mustChange", mustChangePassword)
			.param("now", SqlTime.ts(now))
			.update();
		replaceRoles(id, roles);
		addToHistory(id, passwordHash, now);
	}

	private void addToHistory(UUID userId, String passwordHash, Instant now) {
		this.jdbc.sql("insert into password_history (user_id, password_hash, created_at) values (:id, :hash, :now)")
			.param("id", userId)
			.param("hash", passwordHash)
			.param("now", SqlTime.ts(now))
			.update();
	}

	private static StoredUser storedUser(ResultSet rs) throws SQLException {
		return new StoredUser(rs.getObject("id", UUID.class), rs.getString("username"), rs.getObject("tenant_id", UUID.class),
				rs.getString("password_hash"), "active".equals(rs.getString("status")), SqlTime.instant(rs, "locked_until"));
	}

	/**
	 * Claims one login attempt before the password is checked: counts it unless the account
	 * is locked at {@code now}. Answers the attempts counted so far, or -1 when the account is
	 * locked (or is no user's: login runs the same statements for unknown users). Counting
	 * first means a burst of parallel attempts cannot get more guesses than the threshold.
	 * The count and its read are one transaction: the row stays locked in between, so a lock
	 * set by a parallel attempt (which starts the count again from 0) cannot come between them
	 * and make this attempt look like the first one after the lock.
	 */
	int claimAttempt(UUID userId, Instant now) {
		return this.stores.control().tx().execute(status -> {
			int counted = this.jdbc.sql("""
					update app_user set failed_attempts = failed_attempts + 1
					where id = :id and (locked_until is null or locked_until <= :now)""")
				.param("id", userId)
				.param("now", SqlTime.ts(now))
				.update();
			Optional<Integer> attempts = this.jdbc.sql("select failed_attempts from app_user where id = :id")
				.param("id", userId)
				.query(Integer.class)
				.optional();
			return counted == 1 && attempts.isPresent() ? attempts.get() : -1;
		});
	}

	/** Takes back one counted attempt, that of a right password whose login is not complete yet. */
	void unclaimAttempt(UUID userId) {
		this.jdbc.sql("update app_user set failed_attempts = failed_attempts - 1 where id = :id and failed_attempts > 0")
			.param("id", userId)
			.update();
	}

	/**
	 * After the right password: clears the count, unless a lock was set meanwhile by another
	 * attempt of the same burst. Answers whether the login may go on.
	 */
	boolean clearAttempts(UUID userId, Instant now) {
		return this.jdbc.sql("""
				update app_user set failed_attempts = 0, locked_until = null
				where id = :id and (locked_until is null or locked_until <= :now)""")
			.param("id", userId)
			.param("now", SqlTime.ts(now))
			.update() == 1;
	}

	/** Locks until {@code until}; the failure count starts again from zero for after the lock. */
	/** Locks the user and runs {@code alongside} (its audit entry) in the same transaction: both, or neither. */
	void lock(UUID userId, Instant until, Runnable alongside) {
		this.stores.control().tx().executeWithoutResult(status -> {
			lock(userId, until);
			alongside.run();
		});
	}

	void lock(UUID userId, Instant until) {
		this.jdbc.sql("update app_user set locked_until = :until, failed_attempts = 0 where id = :id")
			.param("until", SqlTime.ts(until))
			.param("id", userId)
			.update();
	}

	/** When an admin unlocks the account. */
	void resetFailures(UUID userId) {
		this.jdbc.sql("update app_user set failed_attempts = 0, locked_until = null where id = :id and "
				+ "(failed_attempts <> 0 or locked_until is not null)")
			.param("id", userId)
			.update();
	}

	String passwordHash(UUID userId) {
		return this.jdbc.sql("select password_hash from app_user where id = :id").param("id", userId)
			.query(String.class).single();
	}

	/** The most recent {@code count} password hashes of the user, the current one included. */
	List<String> recentPasswordHashes(UUID userId, int count) {
		return this.jdbc.sql("select password_hash from password_history where user_id = :id order by created_at desc")
			.param("id", userId)
			.query(String.class)
			.list()
			.stream()
			.limit(count)
			.toList();
	}

	/** A new password: the hash, its history, and the end of a forced change. */
	void changePassword(UUID userId, String hash, Instant now) {
		this.jdbc.sql("""
				update app_user set password_hash = :hash, password_changed_at = :now, must_change_password = false,
				                    updated_at = :now
				where id = :id""")
			.param("hash", hash)
			.param("now", SqlTime.ts(now))
			.param("id", userId)
			.update();
		addToHistory(userId, hash, now);
	}

	/** The same password under new hashing parameters: no history entry, nothing else changes. */
	void rehash(UUID userId, String oldHash, String hash) {
		this.jdbc.sql("update app_user set password_hash = :hash where id = :id")
			.param("hash", hash)
			.param("id", userId)
			.update();
		// the history must not keep the same password under the weaker parameters
		this.jdbc.sql("update password_history set password_hash = :hash where user_id = :id and password_hash = :old")
			.param("hash", hash)
			.param("id", userId)
			.param("old", oldHash)
			.update();
	}

	String email(UUID userId) {
		return this.jdbc.sql("select email from app_user where id = :id").param("id", userId)
			.query(String.class).optional().orElse(null);
	}

	/** A tenant user as the API shows it. */
	record TenantUser(UUID id, String username, String email, Set<Role> roles, String status,
			boolean mustChangePassword, Instant lockedUntil, Instant createdAt, Instant updatedAt) {
	}

	Optional<StoredUser> findTenantUser(UUID tenantId, String username) {
		return findUser(tenantId.toString(), username);
	}

	void insertTenantUser(UUID id, UUID tenantId, String username, String email, String passwordHash, Set<Role> roles,
			boolean mustChangePassword, Instant now) {
		insertUser(id, tenantId, username, email, passwordHash, roles, mustChangePassword, now);
	}

	void replaceRoles(UUID userId, Set<Role> roles) {
		this.jdbc.sql("delete from user_role where user_id = :id").param("id", userId).update();
		for (Role role : roles) {
			this.jdbc.sql("insert into user_role (user_id, role) values (:id, :role)")
				.param("id", userId)
				.param("role", role.name())
				.update();
		}
	}

	List<TenantUser> tenantUsers(UUID tenantId) {
		return this.jdbc.sql("select * from app_user where tenant_id = :tenant order by username")
			.param("tenant", tenantId)
			.query((rs, n) -> tenantUser(rs))
			.list();
	}

	Optional<TenantUser> tenantUser(UUID tenantId, UUID userId) {
		return this.jdbc.sql("select * from app_user where tenant_id = :tenant and id = :id")
			.param("tenant", tenantId)
			.param("id", userId)
			.query((rs, n) -> tenantUser(rs))
			.optional();
	}

	/** Sets the given fields of a tenant user; null keeps the stored value. */
	void updateTenantUser(UUID tenantId, UUID userId, String email, String status, Boolean mustChangePassword,
			Instant now) {
		this.jdbc.sql("""
				update app_user set email = coalesce(:email, email), status = coalesce(:status, status),
				                    must_change_password = coalesce(:mustChange, must_change_password), updated_at = :now
				where tenant_id = :tenant and id = :id""")
			.param("email", email)
			.param("status", status)
			.param("mustChange", mustChangePassword)
			.param("now", SqlTime.ts(now))
			.param("tenant", tenantId)
			.param("id", userId)
			.update();
	}

	/** Ends every session of a user now; a later re-enable does not bring them back. */
	/** Ends every session of the user, and every login of it that waits for its second factor. */
	void revokeSessions(UUID userId, Instant now) {
		this.jdbc.sql("update user_session set revoked_at = :now where user_id = :id and revoked_at is null")
			.param("now", SqlTime.ts(now))
			.param("id", userId)
			.update();
		this.jdbc.sql("delete from mfa_challenge where user_id = :id").param("id", userId).update();
	}

	boolean deleteTenantUser(UUID tenantId, UUID userId) {
		return this.jdbc.sql("delete from app_user where tenant_id = :tenant and id = :id")
			.param("tenant", tenantId)
			.param("id", userId)
			.update() > 0;
	}

	private TenantUser tenantUser(ResultSet rs) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		return new TenantUser(id, rs.getString("username"), rs.getString("email"), roles(id), rs.getString("status"),
				rs.getBoolean("must_change_password"), SqlTime.instant(rs, "locked_until"), SqlTime.instant(rs, "created_at"),
				SqlTime.instant(rs, "updated_at"));
	}

	Set<Role> roles(UUID userId) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		this.jdbc.sql("select role from user_role where user_id = :id")
			.param("id", userId)
			.query(String.class)
			.list()
			.forEach(name -> {
				try {
					roles.add(Role.valueOf(name));
				}
				catch (IllegalArgumentException ex) {
					// a role this version does not know grants nothing
				}
			});
		return roles;
	}

}
