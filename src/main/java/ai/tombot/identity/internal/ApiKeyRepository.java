package ai.tombot.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

/** API keys in the control store, by hash; never the keys themselves. */
@Repository
class ApiKeyRepository {

	private final JdbcClient jdbc;

	ApiKeyRepository(Stores stores) {
		this.jdbc = stores.control().jdbc();
	}

	/**
	 * A key as its tenant sees it.
	 *
	 * @param createdBy the user who made it; null once that user is deleted
	 * @param lastUsedAt null when never used; updated at most once a minute
	 * @param expiresAt null when it does not expire
	 * @param revokedAt null while not revoked
	 */
	record StoredKey(UUID id, UUID tenantId, String prefix, String name, List<String> scopes, UUID createdBy,
			Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
	}

	void insert(StoredKey key, String hash) {
		this.jdbc.sql("""
				insert into api_key (id, tenant_id, name, prefix, key_hash, scopes, created_by, created_at, expires_at)
				values (:id, :tenant, :name, :prefix, :hash, :scopes, :createdBy, :createdAt, :expiresAt)""")
			.param("id", key.id())
			.param("tenant", key.tenantId())
			.param("name", key.name())
			.param("prefix", key.prefix())
			.param("hash", hash)
			.param("scopes", String.join(" ", key.scopes()))
			.param("createdBy", key.createdBy())
			.param("createdAt", SqlTime.ts(key.createdAt()))
			.param("expiresAt", SqlTime.ts(key.expiresAt()))
			.update();
	}

	List<StoredKey> ofTenant(UUID tenantId) {
		return this.jdbc.sql("select * from api_key where tenant_id = :tenant order by created_at desc, id")
			.param("tenant", tenantId)
			.query(ApiKeyRepository::row)
			.list();
	}

	Optional<StoredKey> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("select * from api_key where tenant_id = :tenant and id = :id")
			.param("tenant", tenantId)
			.param("id", id)
			.query(ApiKeyRepository::row)
			.optional();
	}

	/** Revokes the key now, unless it is revoked already; false if it was. */
	boolean revoke(UUID tenantId, UUID id, Instant now) {
		return this.jdbc.sql("update api_key set revoked_at = :now where tenant_id = :tenant and id = :id and revoked_at is null")
			.param("now", SqlTime.ts(now))
			.param("tenant", tenantId)
			.param("id", id)
			.update() == 1;
	}

	/** The live key with this hash: not revoked, not expired, of an active tenant. */
	Optional<StoredKey> findLive(String hash, Instant now) {
		return this.jdbc.sql("""
				select k.* from api_key k join tenant t on t.id = k.tenant_id
				where k.key_hash = :hash and k.revoked_at is null and (k.expires_at is null or k.expires_at > :now)
				  and t.status = 'active'""")
			.param("hash", hash)
			.param("now", SqlTime.ts(now))
			.query(ApiKeyRepository::row)
			.optional();
	}

	void touch(UUID id, Instant now) {
		this.jdbc.sql("update api_key set last_used_at = :now where id = :id")
			.param("now", SqlTime.ts(now))
			.param("id", id)
			.update();
	}

	private static StoredKey row(ResultSet rs, int n) throws SQLException {
		return new StoredKey(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
				rs.getString("prefix"), rs.getString("name"), Arrays.asList(rs.getString("scopes").split(" ")),
				rs.getObject("created_by", UUID.class), SqlTime.instant(rs, "created_at"),
				SqlTime.instant(rs, "last_used_at"), SqlTime.instant(rs, "expires_at"), SqlTime.instant(rs, "revoked_at"));
	}

}
