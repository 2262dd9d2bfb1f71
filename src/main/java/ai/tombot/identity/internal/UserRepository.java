package ai.tombot.identity.internal;

import java.time.Instant;
import java.util.EnumSet;
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

	UserRepository(Stores stores) {
		this.jdbc = stores.control().jdbc();
	}

	/** A user as login needs it. */
	record StoredUser(UUID id, String username, UUID tenantId, String passwordHash, boolean active) {

		@Override
		public String toString() {
			return "StoredUser[id=" + this.id + "]";
		}

	}

	Optional<StoredUser> findPlatformUser(String username) {
		return this.jdbc
			.sql("select id, username, tenant_id, password_hash, status from app_user where realm = :realm and username = :username")
			.param("realm", PLATFORM_REALM)
			.param("username", username)
			.query((rs, n) -> new StoredUser(rs.getObject("id", UUID.class), rs.getString("username"),
					rs.getObject("tenant_id", UUID.class), rs.getString("password_hash"),
					"active".equals(rs.getString("status"))))
			.optional();
	}

	void insertPlatformUser(UUID id, String username, String passwordHash, Set<Role> roles, Instant now) {
		this.jdbc.sql("""
				insert into app_user (id, realm, tenant_id, username, password_hash, status, password_changed_at,
				                      created_at, updated_at)
				values (:id, :realm, null, :username, :hash, 'active', :now, :now, :now)""")
			.param("id", id)
			.param("realm", PLATFORM_REALM)
			.param("username", username)
			.param("hash", passwordHash)
			.param("now", SqlTime.ts(now))
			.update();
		for (Role role : roles) {
			this.jdbc.sql("insert into user_role (user_id, role) values (:id, :role)")
				.param("id", id)
				.param("role", role.name())
				.update();
		}
		this.jdbc.sql("insert into password_history (user_id, password_hash, created_at) values (:id, :hash, :now)")
			.param("id", id)
			.param("hash", passwordHash)
			.param("now", SqlTime.ts(now))
			.update();
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
