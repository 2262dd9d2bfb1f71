package ai.tombot.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;

/** Tenants in the control store; their home records in the region stores. */
@Repository
class TenantRepository {

	private final Stores stores;

	TenantRepository(Stores stores) {
		this.stores = stores;
	}

	private JdbcClient control() {
		return this.stores.control().jdbc();
	}

	void insert(Tenant tenant) {
		control().sql("""
				insert into tenant (id, slug, name, region, status, created_at, updated_at)
				values (:id, :slug, :name, :region, :status, :created, :updated)""")
			.param("id", tenant.id())
			.param("slug", tenant.slug())
			.param("name", tenant.name())
			.param("region", tenant.region())
			.param("status", tenant.status())
			.param("created", SqlTime.ts(tenant.createdAt()))
			.param("updated", SqlTime.ts(tenant.updatedAt()))
			.update();
	}

	Optional<Tenant> findBySlug(String slug) {
		return control().sql("select * from tenant where slug = :slug").param("slug", slug).query(this::map).optional();
	}

	Optional<Tenant> findById(UUID id) {
		return control().sql("select * from tenant where id = :id").param("id", id).query(this::map).optional();
	}

	List<Tenant> findAll() {
		// sorted here: the databases' collations order hyphens differently
		return control().sql("select * from tenant").query(this::map).list().stream()
			.sorted(java.util.Comparator.comparing(Tenant::slug))
			.toList();
	}

	boolean existsById(UUID id) {
		return control().sql("select count(*) from tenant where id = :id").param("id", id).query(Long.class).single() > 0;
	}

	/** Sets the given fields; a null name or status keeps the stored one. */
	void update(UUID id, String name, String status, Instant now) {
		control().sql("""
				update tenant set name = coalesce(:name, name), status = coalesce(:status, status), updated_at = :now
				where id = :id""")
			.param("name", name)
			.param("status", status)
			.param("now", SqlTime.ts(now))
			.param("id", id)
			.update();
	}

	boolean mfaRequired(UUID id) {
		return control().sql("select mfa_required from tenant where id = :id").param("id", id).query(Boolean.class).single();
	}

	void requireMfa(UUID id, boolean required, Instant now) {
		control().sql("update tenant set mfa_required = :required, updated_at = :now where id = :id")
			.param("required", required)
			.param("now", SqlTime.ts(now))
			.param("id", id)
			.update();
	}

	/** The stored allowlist; empty when there is none (or no such tenant). */
	Optional<String> networkAllowlist(UUID id) {
		return control().sql("select network_allowlist from tenant where id = :id")
			.param("id", id)
			.query((rs, n) -> Optional.ofNullable(rs.getString(1)))
			.optional()
			.flatMap(value -> value);
	}

	void setNetworkAllowlist(UUID id, String ranges, Instant now) {
		control().sql("update tenant set network_allowlist = :ranges, updated_at = :now where id = :id")
			.param("ranges", ranges)
			.param("now", SqlTime.ts(now))
			.param("id", id)
			.update();
	}

	void insertHome(Tenant tenant) {
		this.stores.region(tenant.region())
			.jdbc()
			.sql("insert into tenant_home (tenant_id, slug, region, created_at) values (:id, :slug, :region, :created)")
			.param("id", tenant.id())
			.param("slug", tenant.slug())
			.param("region", tenant.region())
			.param("created", SqlTime.ts(tenant.createdAt()))
			.update();
	}

	/**
	 * Home records are addressed by tenant id, never by slug: a creation that died half-way
	 * may have left a stray record with the same slug.
	 */
	void deleteHome(Tenant tenant) {
		this.stores.region(tenant.region())
			.jdbc()
			.sql("delete from tenant_home where tenant_id = :id")
			.param("id", tenant.id())
			.update();
	}

	private Tenant map(ResultSet rs, int row) throws SQLException {
		return new Tenant(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("name"),
				rs.getString("region"), rs.getString("status"), SqlTime.instant(rs, "created_at"),
				SqlTime.instant(rs, "updated_at"));
	}

}
