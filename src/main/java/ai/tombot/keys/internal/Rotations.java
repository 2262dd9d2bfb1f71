package ai.tombot.keys.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.crypto.tink.KeysetHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ai.tombot.keys.MasterKeyRotated;
import ai.tombot.keys.MasterKeyRotationStarted;
import ai.tombot.keys.TenantKeyRotated;
import ai.tombot.keys.TenantKeyStatus;
import ai.tombot.keys.internal.MasterKeys.MasterKey;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;

/**
 * Key rotation without downtime. A tenant key's rotation adds a primary version, which new
 * wraps use at once; then its subject keys are re-wrapped under it in batches, each
 * conditional on the version it read, so that several nodes can run the job at once; when
 * none is left under an older version, the older versions are disabled, under the tenant
 * key's row lock. Every node resumes unfinished re-wraps and rotates keys older than the
 * rotation period, every minute.
 */
@Component
class Rotations implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Rotations.class);

	static final String TYPE_ROTATION_RUNNING = "urn:tombot:problem:key-rotation-running";

	private static final int BATCH = 200;

	private final TenantKeys tenantKeys;

	private final BlindIndexKeys indexKeys;

	private final SubjectKeys subjectKeys;

	private final MasterKeys masters;

	private final Stores stores;

	private final KeysProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ExecutorService rewraps = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "tombot-key-rewrap");
		thread.setDaemon(true);
		return thread;
	});

	private final AuditSigningKeys signingKeys;

	Rotations(TenantKeys tenantKeys, SubjectKeys subjectKeys, MasterKeys masters, AuditSigningKeys signingKeys,
			BlindIndexKeys indexKeys, Stores stores, KeysProperties properties, ApplicationEventPublisher events,
			Clock clock) {
		this.indexKeys = indexKeys;
		this.signingKeys = signingKeys;
		this.tenantKeys = tenantKeys;
		this.subjectKeys = subjectKeys;
		this.masters = masters;
		this.stores = stores;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	TenantKeyStatus rotateTenantKey(String region, UUID tenantId) {
		rotate(region, tenantId, null);
		return status(region, tenantId);
	}

	/** @param onlyIfBefore rotate only if the last rotation was before this (checked under the row lock); null: always */
	private void rotate(String region, UUID tenantId, Instant onlyIfBefore) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Long primary;
		try {
			primary = rotateInTransaction(region, tenantId, onlyIfBefore, now);
		}
		catch (RuntimeException ex) {
			// the cache may hold the rotated keyset of a transaction that did not commit
			this.tenantKeys.forget(tenantId);
			throw ex;
		}
		if (primary == null) {
			return;
		}
		log.info("Key of tenant {} rotated: version {} is primary; re-wrapping its subject keys", tenantId, primary);
		this.rewraps.submit(() -> rewrap(region, tenantId));
	}

	private Long rotateInTransaction(String region, UUID tenantId, Instant onlyIfBefore, Instant now) {
		return this.stores.region(region).tx().execute(status -> {
			KeysetHandle current = this.tenantKeys.fresh(region, tenantId, true).handle();
			if (onlyIfBefore != null && this.tenantKeys.lastRotation(region, tenantId)
				.filter(last -> last.isBefore(onlyIfBefore))
				.isEmpty()) {
				return null; // another node rotated it meanwhile
			}
			if (rewrapRunning(region, tenantId)) {
				if (onlyIfBefore != null) {
					return null; // the next maintenance run tries again
				}
				throw ApiProblem.conflict(TYPE_ROTATION_RUNNING,
						"The re-wrap after the last rotation of this tenant's key is still running; see GET …/keys");
			}
			try {
				KeysetHandle rotated = Keysets.withNewPrimary(current);
				this.tenantKeys.store(region, tenantId, rotated,
						", rotated_at = :now, rewrap_started_at = :now, rewrap_finished_at = null", now);
				long id = Keysets.primaryId(rotated);
				// its listeners (the tenant's audit chain, in this store) write in this transaction
				this.events.publishEvent(new TenantKeyRotated(tenantId, id, now));
				return id;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot rotate the key of tenant " + tenantId, ex);
			}
		});
	}

	/**
	 * Re-wraps the tenant's subject keys under the primary version, then disables the others.
	 * Each batch runs under the tenant key's row lock, with the key read under that lock, so a
	 * job that another rotation overtook can only move keys to the newest primary, never back.
	 */
	void rewrap(String region, UUID tenantId) {
		try {
			while (true) {
				Long primary = this.stores.region(region).tx().execute(status -> rewrapBatch(region, tenantId));
				if (primary == null && finish(region, tenantId)) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			log.error("Re-wrap of the subject keys of tenant {} stopped; it resumes within a minute", tenantId, ex);
		}
	}

	/** One batch, in the caller's transaction; null when nothing was left to re-wrap. */
	private Long rewrapBatch(String region, UUID tenantId) {
		KeysetHandle kek = this.tenantKeys.fresh(region, tenantId, true).handle();
		long primary = Keysets.primaryId(kek);
		List<String> batch = jdbc(region)
			.sql("select subject from subject_key where tenant_id = :tenant and kek_key_id <> :primary "
					+ "order by subject limit " + BATCH)
			.param("tenant", tenantId)
			.param("primary", primary)
			.query(String.class)
			.list();
		if (batch.isEmpty()) {
			return null;
		}
		for (String subject : batch) {
			rewrapOne(region, tenantId, subject, kek, primary);
		}
		return primary;
	}

	private void rewrapOne(String region, UUID tenantId, String subject, KeysetHandle kek, long primary) {
		this.subjectKeys.stored(region, tenantId, subject)
			.filter(stored -> stored.kekKeyId() != primary)
			.ifPresent(stored -> {
				try {
					KeysetHandle key = Keysets.unwrap(stored.wrapped(), Keysets.aead(kek),
							SubjectKeys.binding(tenantId, subject));
					jdbc(region).sql("""
							update subject_key set keyset = :keyset, kek_key_id = :primary
							where tenant_id = :tenant and subject = :subject and kek_key_id = :old""")
						.param("keyset", Keysets.wrap(key, Keysets.aead(kek), SubjectKeys.binding(tenantId, subject)))
						.param("primary", primary)
						.param("tenant", tenantId)
						.param("subject", subject)
						.param("old", stored.kekKeyId())
						.update();
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("Cannot re-wrap a key of tenant " + tenantId, ex);
				}
			});
	}

	/**
	 * Under the row lock: if nothing is wrapped under an older version any more, removes the
	 * versions an earlier rotation disabled and disables the ones just superseded, so that at
	 * most two versions remain; false to go on re-wrapping.
	 */
	private boolean finish(String region, UUID tenantId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Boolean finished = this.stores.region(region).tx().execute(status -> {
			KeysetHandle current = this.tenantKeys.fresh(region, tenantId, true).handle();
			long primary = Keysets.primaryId(current);
			long left = jdbc(region)
				.sql("select count(*) from subject_key where tenant_id = :tenant and kek_key_id <> :primary")
				.param("tenant", tenantId)
				.param("primary", primary)
				.query(Long.class)
				.single();
			if (left > 0) {
				return false;
			}
			try {
				this.tenantKeys.store(region, tenantId, Keysets.onlyPrimaryEnabled(current),
						", rewrap_finished_at = :now", now);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot disable old versions of the key of tenant " + tenantId, ex);
			}
			return true;
		});
		if (Boolean.TRUE.equals(finished)) {
			log.info("Re-wrap of the subject keys of tenant {} done; older key versions disabled", tenantId);
		}
		return Boolean.TRUE.equals(finished);
	}

	/** One at a time on this node: two overlapping file rotations would lose a version. */
	synchronized int rotateMasterKey(String region) {
		MasterKey master = this.masters.of(region);
		// announced (and audited) before anything changes: no rotation without its entry
		this.events.publishEvent(new MasterKeyRotationStarted(region, this.clock.instant()));
		try {
			if (master.file() != null) {
				master = this.masters.replace(master, Keysets.withNewPrimary(MasterKeys.readKeyset(master.file())));
			}
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot add a version to the master key of region " + region, ex);
		}
		List<UUID> tenants = jdbc(region).sql("select tenant_id from tenant_key").query(UUID.class).list();
		for (UUID tenantId : tenants) {
			this.stores.region(region).tx().executeWithoutResult(status -> {
				KeysetHandle kek = this.tenantKeys.fresh(region, tenantId, true).handle();
				this.tenantKeys.store(region, tenantId, kek, "", this.clock.instant());
				this.indexKeys.rewrap(region, tenantId);
			});
		}
		this.signingKeys.rewrap(region);
		log.info("Master key of region {} rotated: {} tenant keys and the audit-signing key re-wrapped", region,
				tenants.size());
		this.events.publishEvent(new MasterKeyRotated(region, tenants.size(), this.clock.instant()));
		return tenants.size();
	}

	TenantKeyStatus status(String region, UUID tenantId) {
		KeysetHandle kek = this.tenantKeys.fresh(region, tenantId, false).handle();
		return jdbc(region).sql("""
				select created_at, rotated_at, rewrap_started_at, rewrap_finished_at,
				       (select count(*) from subject_key s where s.tenant_id = k.tenant_id) as subjects,
				       (select count(*) from subject_key s where s.tenant_id = k.tenant_id and s.kek_key_id = :primary) as rewrapped
				from tenant_key k where tenant_id = :tenant""")
			.param("tenant", tenantId)
			.param("primary", Keysets.primaryId(kek))
			.query((rs, n) -> new TenantKeyStatus(region, Keysets.versions(kek), SqlTime.instant(rs, "created_at"),
					SqlTime.instant(rs, "rotated_at"),
					rs.getObject("rewrap_started_at") == null ? null
							: new TenantKeyStatus.Rewrap(SqlTime.instant(rs, "rewrap_started_at"),
									SqlTime.instant(rs, "rewrap_finished_at"), rs.getLong("rewrapped"),
									rs.getLong("subjects")),
					rs.getLong("subjects")))
			.single();
	}

	private boolean rewrapRunning(String region, UUID tenantId) {
		return jdbc(region)
			.sql("select count(*) from tenant_key where tenant_id = :tenant and rewrap_started_at is not null "
					+ "and rewrap_finished_at is null")
			.param("tenant", tenantId)
			.query(Long.class)
			.single() > 0;
	}

	/** Resumes unfinished re-wraps and rotates keys past the rotation period, on every node. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void maintain() {
		Instant due = this.clock.instant().minus(this.properties.tenantKeyRotationPeriod());
		for (String region : this.masters.availability().keySet()) {
			if (!this.masters.available(region)) {
				continue;
			}
			try {
				jdbc(region)
					.sql("select tenant_id from tenant_key where rewrap_started_at is not null and rewrap_finished_at is null")
					.query(UUID.class)
					.list()
					.forEach(tenantId -> rewrap(region, tenantId));
				jdbc(region).sql("select tenant_id from tenant_key where coalesce(rotated_at, created_at) < :due")
					.param("due", SqlTime.ts(due))
					.query(UUID.class)
					.list()
					.forEach(tenantId -> rotateIfStillDue(region, tenantId, due));
			}
			catch (RuntimeException ex) {
				log.error("Key maintenance of region {} failed; it runs again in a minute", region, ex);
			}
		}
	}

	private void rotateIfStillDue(String region, UUID tenantId, Instant due) {
		log.info("Key of tenant {} is older than {}: rotating it", tenantId, this.properties.tenantKeyRotationPeriod());
		rotate(region, tenantId, due);
	}

	private JdbcClient jdbc(String region) {
		return this.stores.region(region).jdbc();
	}

	@Override
	public void destroy() {
		this.rewraps.shutdownNow();
	}

}
