package ai.tombot.keys.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import ai.tombot.platform.Stores;

/**
 * Tenants' blind-index keys: 32 random bytes per tenant, encrypted under the region's master
 * key in the tenant's key row, made on first use. They never rotate: an index made under one
 * key would not be found under the next. A master-key rotation re-wraps them.
 */
@Component
class BlindIndexKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
		try {
			return Mac.getInstance("HmacSHA256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	});

	private final MasterKeys masters;

	private final Stores stores;

	/** By tenant: the unwrapped key. Wrapped keys change only with the master key, which does not change them. */
	private final Cache<UUID, SecretKeySpec> cache;

	BlindIndexKeys(MasterKeys masters, Stores stores, KeysProperties properties) {
		this.masters = masters;
		this.stores = stores;
		this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(properties.cacheTtl()).build();
	}

	private static byte[] binding(UUID tenantId) {
		return ("tenant-index-key|" + tenantId).getBytes(StandardCharsets.UTF_8);
	}

	/** HMAC-SHA256 of purpose and value, length-prefixed, under the tenant's key; base64url without padding. */
	String index(String region, UUID tenantId, String purpose, String value) {
		SecretKeySpec key = this.cache.get(tenantId, id -> load(region, id));
		Mac mac = MAC.get();
		try {
			mac.init(key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 refuses a 32-byte key", ex);
		}
		mac.update(Keysets.binding(purpose, value));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
	}

	/** The tenant's key, made (under the tenant key row's lock) when it has none yet. */
	private SecretKeySpec load(String region, UUID tenantId) {
		// its own transaction: the tenant key's row lock is not held for the caller's whole transaction
		return Keysets.ownTransaction(this.stores.region(region).tx()).execute(status -> {
			String wrapped = this.stores.region(region)
				.jdbc()
				.sql("select coalesce(index_key, '') from tenant_key where tenant_id = :tenant for update")
				.param("tenant", tenantId)
				.query(String.class)
				.optional()
				.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no key in region " + region));
			try {
				if (!wrapped.isEmpty()) { // '' for none: a null value would read as no row
					byte[] key = this.masters.of(region).aead().decrypt(Base64.getDecoder().decode(wrapped), binding(tenantId));
					return new SecretKeySpec(key, "HmacSHA256");
				}
				byte[] key = new byte[32];
				RANDOM.nextBytes(key);
				store(region, tenantId, key);
				return new SecretKeySpec(key, "HmacSHA256");
			}
			catch (KmsFailure ex) {
				throw MasterKeys.kmsUnavailable(region, ex);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("The blind-index key of tenant " + tenantId + " does not unwrap in region "
						+ region, ex);
			}
		});
	}

	/** Re-wraps the tenant's key under the master key's primary version, in the caller's transaction. */
	void rewrap(String region, UUID tenantId) {
		String wrapped = this.stores.region(region)
			.jdbc()
			.sql("select coalesce(index_key, '') from tenant_key where tenant_id = :tenant for update")
			.param("tenant", tenantId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (wrapped == null || wrapped.isEmpty()) {
			return;
		}
		try {
			store(region, tenantId, this.masters.of(region).aead().decrypt(Base64.getDecoder().decode(wrapped),
					binding(tenantId)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The blind-index key of tenant " + tenantId + " does not unwrap in region "
					+ region, ex);
		}
	}

	private void store(String region, UUID tenantId, byte[] key) throws GeneralSecurityException {
		String wrapped = Base64.getEncoder().encodeToString(this.masters.of(region).aead().encrypt(key, binding(tenantId)));
		this.stores.region(region)
			.jdbc()
			.sql("update tenant_key set index_key = :key where tenant_id = :tenant")
			.param("key", wrapped)
			.param("tenant", tenantId)
			.update();
	}

}
