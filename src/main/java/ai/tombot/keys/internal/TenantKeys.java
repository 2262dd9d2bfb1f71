package ai.tombot.keys.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.KeysetHandle;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

/**
 * Tenants' key-encryption keys, wrapped by their region's master key in the region's store.
 * The unwrapped keysets are cached for unwrapping subject keys; anything that wraps (a new
 * subject key, a re-wrap, a rotation) reads the tenant's row afresh under a row lock, so that
 * a key version disabled after a rotation on another node never wraps anything.
 */
@Component
class TenantKeys {

	private final MasterKeys masters;

	private final Stores stores;

	private final Clock clock;

	/** By tenant: the stored (wrapped) keyset and its unwrapped handle. */
	private final Cache<UUID, Unwrapped> cache;

	record Unwrapped(String wrapped, KeysetHandle handle) {

		@Override
		public String toString() {
			return "Unwrapped[<hidden>]";
		}

	}

	TenantKeys(MasterKeys masters, Stores stores, KeysProperties properties, Clock clock) {
		this.masters = masters;
		this.stores = stores;
		this.clock = clock;
		this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(properties.cacheTtl()).build();
	}

	static String binding(UUID tenantId) {
		return "tenant-key|" + tenantId;
	}

	/** Makes the tenant's key; runs in the transaction that writes the tenant's home record. */
	void create(String region, UUID tenantId) {
		try {
			String wrapped = Keysets.wrap(Keysets.generate(), this.masters.of(region).aead(), binding(tenantId));
			jdbc(region).sql("insert into tenant_key (tenant_id, keyset, created_at) values (:tenant, :keyset, :now)")
				.param("tenant", tenantId)
				.param("keyset", wrapped)
				.param("now", SqlTime.ts(this.clock.instant().truncatedTo(ChronoUnit.MILLIS)))
				.update();
		}
		catch (KmsFailure ex) {
			throw MasterKeys.kmsUnavailable(region, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot wrap a new key of tenant " + tenantId + " in region " + region, ex);
		}
	}

	/** The tenant's key for unwrapping, from the cache when it is there. */
	KeysetHandle forUnwrapping(String region, UUID tenantId) {
		Unwrapped cached = this.cache.getIfPresent(tenantId);
		return cached != null ? cached.handle() : fresh(region, tenantId, false).handle();
	}

	/** The tenant's key as stored now; with {@code lock}, the row stays locked until the transaction ends. */
	Unwrapped fresh(String region, UUID tenantId, boolean lock) {
		String wrapped = jdbc(region).sql("select keyset from tenant_key where tenant_id = :tenant" + (lock ? " for update" : ""))
			.param("tenant", tenantId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no key in region " + region));
		Unwrapped cached = this.cache.getIfPresent(tenantId);
		if (cached != null && cached.wrapped().equals(wrapped)) {
			return cached;
		}
		Unwrapped unwrapped;
		try {
			unwrapped = new Unwrapped(wrapped, Keysets.unwrap(wrapped, this.masters.of(region).aead(), binding(tenantId)));
		}
		catch (KmsFailure ex) {
			throw MasterKeys.kmsUnavailable(region, ex);
		}
		catch (GeneralSecurityException stale) {
			// a file-based master key another node rotated: read the file again, once
			if (!this.masters.reload(region)) {
				throw new IllegalStateException("The key of tenant " + tenantId + " does not unwrap in region " + region);
			}
			try {
				unwrapped = new Unwrapped(wrapped, Keysets.unwrap(wrapped, this.masters.of(region).aead(), binding(tenantId)));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("The key of tenant " + tenantId + " does not unwrap in region " + region);
			}
		}
		this.cache.put(tenantId, unwrapped);
		return unwrapped;
	}

	/** Stores a changed keyset of the tenant (rotation, disabling old versions), in the caller's transaction. */
	void store(String region, UUID tenantId, KeysetHandle handle, String extraSet, Instant now) {
		try {
			String wrapped = Keysets.wrap(handle, this.masters.of(region).aead(), binding(tenantId));
			jdbc(region).sql("update tenant_key set keyset = :keyset" + extraSet + " where tenant_id = :tenant")
				.param("keyset", wrapped)
				.param("now", SqlTime.ts(now))
				.param("tenant", tenantId)
				.update();
			this.cache.put(tenantId, new Unwrapped(wrapped, handle));
		}
		catch (KmsFailure ex) {
			throw MasterKeys.kmsUnavailable(region, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot wrap the key of tenant " + tenantId, ex);
		}
	}

	Optional<Instant> lastRotation(String region, UUID tenantId) {
		return jdbc(region).sql("select coalesce(rotated_at, created_at) from tenant_key where tenant_id = :tenant")
			.param("tenant", tenantId)
			.query((rs, n) -> SqlTime.instant(rs, 1))
			.optional();
	}

	void forget(UUID tenantId) {
		this.cache.invalidate(tenantId);
	}

	private JdbcClient jdbc(String region) {
		return this.stores.region(region).jdbc();
	}

}
