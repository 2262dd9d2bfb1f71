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

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.keys.SubjectErasedException;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

/**
 * Data subjects' keys, each wrapped by its tenant's key in the region's store and made on
 * first use. Unwrapped keys are cached by tenant and subject together, so an entry can never
 * serve another tenant, with bounds on count and age.
 */
@Component
class SubjectKeys {

	private final TenantKeys tenantKeys;

	private final Stores stores;

	private final Clock clock;

	private final Cache<Ref, DataKey> cache;

	/**
	 * An unwrapped subject key, with the start of the associated data of its ciphertexts
	 * (format, tenant, subject), which only the record completes.
	 */
	record DataKey(DataCipher cipher, byte[] bindingPrefix) {

		@Override
		public String toString() {
			return "DataKey[<hidden>]";
		}

		/** The associated data of a ciphertext of {@code record}. */
		byte[] binding(String record) {
			byte[] tail = (record == null ? "" : record).getBytes(java.nio.charset.StandardCharsets.UTF_8);
			int at = this.bindingPrefix.length;
			byte[] all = java.util.Arrays.copyOf(this.bindingPrefix, at + 4 + tail.length);
			all[at] = (byte) (tail.length >>> 24);
			all[at + 1] = (byte) (tail.length >>> 16);
			all[at + 2] = (byte) (tail.length >>> 8);
			all[at + 3] = (byte) tail.length;
			System.arraycopy(tail, 0, all, at + 4, tail.length);
			return all;
		}

	}

	/** A subject of a tenant: the cache key. */
	record Ref(UUID tenantId, String subject) {
	}

	/** A stored subject key: still wrapped. */
	record Stored(String wrapped, long kekKeyId) {

		@Override
		public String toString() {
			return "Stored[kekKeyId=" + this.kekKeyId + "]";
		}

	}

	SubjectKeys(TenantKeys tenantKeys, Stores stores, KeysProperties properties, Clock clock) {
		this.tenantKeys = tenantKeys;
		this.stores = stores;
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.cacheMaxEntries())
			.expireAfterWrite(properties.cacheTtl())
			.build();
	}

	static String binding(UUID tenantId, String subject) {
		return "subject-key|" + tenantId + "|" + subject;
	}

	/** The last key a thread used, valid while {@link #epoch} has not moved. */
	private record Memo(UUID tenantId, String subject, DataKey key, long epoch) {

		@Override
		public String toString() {
			return "Memo[<hidden>]";
		}

	}

	/**
	 * Moves on every erasure this node makes and every second: a thread's memo of its last key
	 * is used only within the same epoch, so it never outlives an erasure here, and outlives
	 * the cache's own expiry by a second at most.
	 */
	private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();

	private final ThreadLocal<Memo> memo = new ThreadLocal<>();

	@org.springframework.scheduling.annotation.Scheduled(fixedRate = 1000)
	void nextEpoch() {
		this.epoch.incrementAndGet();
	}

	/**
	 * The subject's key when this node holds it unwrapped (the hot path); null otherwise. A
	 * thread that asks for the same subject's key again within the epoch skips the cache.
	 */
	DataKey cached(UUID tenantId, String subject) {
		long now = this.epoch.get();
		Memo last = this.memo.get();
		if (last != null && last.epoch() == now && last.tenantId().equals(tenantId) && last.subject().equals(subject)) {
			return last.key();
		}
		DataKey key = this.cache.getIfPresent(new Ref(tenantId, subject));
		if (key != null) {
			this.memo.set(new Memo(tenantId, subject, key, now));
		}
		return key;
	}

	/**
	 * The subject's key, made if it has none.
	 * @throws SubjectErasedException when its key was destroyed
	 */
	DataKey forEncryption(String region, UUID tenantId, String subject) {
		Ref ref = new Ref(tenantId, subject);
		DataKey cached = this.cache.getIfPresent(ref);
		if (cached != null) {
			return cached;
		}
		// loading through the cache: a destroy's invalidation waits for a load in flight, and
		// removes what it loaded, so no destroyed key is put back into the cache after it
		return this.cache.get(ref,
				missing -> new DataKey(load(region, tenantId, subject).orElseGet(() -> create(region, tenantId, subject)),
						DefaultKeyService.bindingPrefix(tenantId, subject)));
	}

	/** The subject's key; empty when it has none (never had one, or it was destroyed). */
	Optional<DataKey> forDecryption(String region, UUID tenantId, String subject) {
		Ref ref = new Ref(tenantId, subject);
		DataKey cached = this.cache.getIfPresent(ref);
		if (cached != null) {
			return Optional.of(cached);
		}
		return Optional.ofNullable(this.cache.get(ref,
				missing -> load(region, tenantId, subject)
					.map(cipher -> new DataKey(cipher, DefaultKeyService.bindingPrefix(tenantId, subject)))
					.orElse(null)));
	}

	private Optional<DataCipher> load(String region, UUID tenantId, String subject) {
		return stored(region, tenantId, subject).map(stored -> cipher(unwrap(region, tenantId, subject, stored)));
	}

	private static DataCipher cipher(KeysetHandle key) {
		try {
			return DataCipher.of(key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A subject key is not an AES-256-GCM key", ex);
		}
	}

	Optional<Stored> stored(String region, UUID tenantId, String subject) {
		return jdbc(region).sql("select keyset, kek_key_id from subject_key where tenant_id = :tenant and subject = :subject")
			.param("tenant", tenantId)
			.param("subject", subject)
			.query((rs, n) -> new Stored(rs.getString("keyset"), rs.getLong("kek_key_id")))
			.optional();
	}

	/** Unwraps with the cached tenant key, and once more with a fresh one (rotated on another node). */
	KeysetHandle unwrap(String region, UUID tenantId, String subject, Stored stored) {
		try {
			return Keysets.unwrap(stored.wrapped(), Keysets.aead(this.tenantKeys.forUnwrapping(region, tenantId)),
					binding(tenantId, subject));
		}
		catch (GeneralSecurityException stale) {
			try {
				return Keysets.unwrap(stored.wrapped(),
						Keysets.aead(this.tenantKeys.fresh(region, tenantId, false).handle()), binding(tenantId, subject));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("A key of tenant " + tenantId + " does not unwrap", ex);
			}
		}
	}

	private DataCipher create(String region, UUID tenantId, String subject) {
		if (erasedAt(region, tenantId, subject).isPresent()) {
			throw new SubjectErasedException();
		}
		KeysetHandle key = Keysets.generate();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		try {
			// in a transaction of its own, even inside a caller's: the tenant key's row lock is
			// held for this insert only, not for the rest of a message's ingest (every new
			// subject of the tenant would queue behind it)
			boolean made = Boolean.TRUE.equals(Keysets.ownTransaction(this.stores.region(region).tx()).execute(status -> {
				// under the tenant key's row lock: a rotation's last step cannot disable the
				// version this wraps with until this commits, and then re-wraps it first; and an
				// erasure, which takes the same lock, is either seen here or comes after
				KeysetHandle kek = this.tenantKeys.fresh(region, tenantId, true).handle();
				try {
					return jdbc(region).sql("""
							insert into subject_key (tenant_id, subject, keyset, kek_key_id, created_at)
							select :tenant, :subject, :keyset, :kek, :now from tenant_key t
							where t.tenant_id = :tenant and not exists (select 1 from erasure_ledger e
							  where e.tenant_id = :tenant and e.subject = :subject)""")
						.param("tenant", tenantId)
						.param("subject", subject)
						.param("keyset", Keysets.wrap(key, Keysets.aead(kek), binding(tenantId, subject)))
						.param("kek", Keysets.primaryId(kek))
						.param("now", SqlTime.ts(now))
						.update() == 1;
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("Cannot wrap a key of tenant " + tenantId, ex);
				}
			}));
			if (!made) {
				throw new SubjectErasedException();
			}
			return cipher(key);
		}
		catch (DuplicateKeyException ex) {
			// a parallel first use made it: use that one
			return load(region, tenantId, subject).orElseThrow(() -> ex);
		}
	}

	/** Empties this node's cache (tests use it to read keys from the store again). */
	void forgetAll() {
		this.epoch.incrementAndGet();
		this.cache.invalidateAll();
	}

	Optional<Instant> erasedAt(String region, UUID tenantId, String subject) {
		return jdbc(region).sql("select erased_at from erasure_ledger where tenant_id = :tenant and subject = :subject")
			.param("tenant", tenantId)
			.param("subject", subject)
			.query((rs, n) -> SqlTime.instant(rs, "erased_at"))
			.optional();
	}

	/**
	 * Deletes the key and records the erasure, in one transaction, with {@code alongside} (its
	 * audit entry) when the erasure is new; false if it was erased before.
	 */
	boolean destroy(String region, UUID tenantId, String subject, String reason, Runnable alongside) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		boolean recorded = Boolean.TRUE.equals(this.stores.region(region).tx().execute(status -> {
			// the lock that making a subject key takes: no key can be made beside this erasure
			jdbc(region).sql("select tenant_id from tenant_key where tenant_id = :tenant for update")
				.param("tenant", tenantId)
				.query(UUID.class)
				.optional();
			jdbc(region).sql("delete from subject_key where tenant_id = :tenant and subject = :subject")
				.param("tenant", tenantId)
				.param("subject", subject)
				.update();
			if (erasedAt(region, tenantId, subject).isPresent()) {
				return false;
			}
			jdbc(region).sql("""
					insert into erasure_ledger (tenant_id, subject, erased_at, reason)
					values (:tenant, :subject, :now, :reason)""")
				.param("tenant", tenantId)
				.param("subject", subject)
				.param("now", SqlTime.ts(now))
				.param("reason", reason)
				.update();
			alongside.run();
			return true;
		}));
		this.epoch.incrementAndGet();
		this.cache.invalidate(new Ref(tenantId, subject));
		return recorded;
	}

	/**
	 * Deletes every key the region's erasure ledger lists: after a restore from a backup taken
	 * before an erasure (with the ledger merged back), the erased subject's key would be back.
	 * @return how many keys were deleted
	 */
	int enforceErasures(String region) {
		return jdbc(region).sql("""
				delete from subject_key where exists (select 1 from erasure_ledger e
				  where e.tenant_id = subject_key.tenant_id and e.subject = subject_key.subject)""")
			.update();
	}

	private JdbcClient jdbc(String region) {
		return this.stores.region(region).jdbc();
	}

}
