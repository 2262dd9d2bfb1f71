package ai.tombot.conversations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantDataPolicies;
import ai.tombot.tenancy.TenantService;

/**
 * Deletes messages received longer ago than their tenant's retention, then the conversations
 * left empty, the tokens no message used since, and the subjects left without conversations,
 * whose keys are then destroyed (recorded in the erasure ledger with reason
 * {@code retention-purge}, so that a restored backup cannot bring them back either).
 * Every {@code tombot.conversations.purge-interval}, once across the cluster: a node purges a
 * region only after taking the region's {@code job_run} row and finding the interval passed.
 * Each batch is audited in the tenant's chain with its counts, in the batch's transaction.
 */
@Component
class RetentionPurge {

	static final String JOB = "retention-purge";

	static final int BATCH = 5000;

	private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

	private final Stores stores;

	private final TenantService tenants;

	private final TenantDataPolicies policies;

	private final AuditTrail audit;

	private final ConversationsProperties properties;

	private final ai.tombot.keys.KeyService keys;

	private final Clock clock;

	RetentionPurge(Stores stores, TenantService tenants, TenantDataPolicies policies, AuditTrail audit,
			ConversationsProperties properties, ai.tombot.keys.KeyService keys, Clock clock) {
		this.keys = keys;
		this.stores = stores;
		this.tenants = tenants;
		this.policies = policies;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	/** What one purge removed of a tenant's data. */
	record Purged(UUID tenantId, long messages, long conversations, long tokens, long subjects) {

		long total() {
			return this.messages + this.conversations + this.tokens + this.subjects;
		}

	}

	@Scheduled(initialDelayString = "${tombot.conversations.purge-interval:1h}",
			fixedDelayString = "${tombot.conversations.purge-interval:1h}")
	void scheduled() {
		try {
			purgeAll();
		}
		catch (RuntimeException ex) {
			log.error("Retention purge failed; it runs again in {}", this.properties.purgeInterval(), ex);
		}
	}

	/** Purges every region whose turn it is on this node; what was removed, by tenant (nothing removed: not listed). */
	List<Purged> purgeAll() {
		List<Purged> purged = new ArrayList<>();
		Instant now = this.clock.instant();
		for (String region : this.stores.regions()) {
			Store store = this.stores.region(region);
			if (!claim(store, now)) {
				continue;
			}
			for (Tenant tenant : this.tenants.list()) {
				if (!tenant.region().equals(region)) {
					continue;
				}
				int days = this.policies.retentionDays(tenant.id());
				if (days == 0) {
					continue;
				}
				try {
					Purged done = purge(store, tenant.id(), now.minus(java.time.Duration.ofDays(days)));
					if (done.total() > 0) {
						purged.add(done);
						log.info("Retention purge of tenant {}: {} messages, {} conversations, {} tokens, {} subjects",
								tenant.slug(), done.messages(), done.conversations(), done.tokens(), done.subjects());
					}
				}
				catch (RuntimeException ex) {
					// the other tenants' purges go on; this one's is tried again at the next run
					log.error("Retention purge of tenant {} failed", tenant.slug(), ex);
				}
			}
		}
		return purged;
	}

	/** Whether this node takes this run of the region: the last run started at least 90% of an interval ago. */
	private boolean claim(Store store, Instant now) {
		try {
			return Boolean.TRUE.equals(store.tx().execute(status -> {
				JdbcClient jdbc = store.jdbc();
				Instant last = jdbc.sql("select started_at from job_run where name = :name for update")
					.param("name", JOB)
					.query((rs, n) -> SqlTime.instant(rs, 1))
					.optional()
					.orElse(null);
				if (last == null) {
					jdbc.sql("insert into job_run (name, started_at) values (:name, :now)")
						.param("name", JOB)
						.param("now", SqlTime.ts(now))
						.update();
					return true;
				}
				if (last.plus(this.properties.purgeInterval().multipliedBy(9).dividedBy(10)).isAfter(now)) {
					return false; // another node ran it
				}
				jdbc.sql("update job_run set started_at = :now where name = :name")
					.param("name", JOB)
					.param("now", SqlTime.ts(now))
					.update();
				return true;
			}));
		}
		catch (DuplicateKeyException raced) {
			return false; // another node's first run
		}
	}

	private Purged purge(Store store, UUID tenantId, Instant cutoff) {
		long messages = 0;
		long batch;
		do {
			batch = store.tx().execute(status -> {
				int deleted = store.jdbc()
					.sql("delete from message where id in (select id from message where tenant_id = :tenant "
							+ "and received_at < :cutoff fetch first " + BATCH + " rows only)")
					.param("tenant", tenantId)
					.param("cutoff", SqlTime.ts(cutoff))
					.update();
				if (deleted > 0) {
					audited(tenantId, "messages=" + deleted);
				}
				return (long) deleted;
			});
			messages += batch;
		}
		while (batch == BATCH);
		long[] rest = store.tx().execute(status -> {
			long conversations = store.jdbc()
				.sql("delete from conversation where tenant_id = :tenant and last_message_at < :cutoff "
						+ "and not exists (select 1 from message m where m.conversation_id = conversation.id)")
				.param("tenant", tenantId)
				.param("cutoff", SqlTime.ts(cutoff))
				.update();
			long tokens = store.jdbc()
				.sql("delete from pii_token where tenant_id = :tenant and last_used_at < :cutoff")
				.param("tenant", tenantId)
				.param("cutoff", SqlTime.ts(cutoff))
				.update();
			if (conversations + tokens > 0) {
				audited(tenantId, "conversations=" + conversations + ",tokens=" + tokens);
			}
			return new long[] { conversations, tokens };
		});
		return new Purged(tenantId, messages, rest[0], rest[1], purgeSubjects(store, tenantId, cutoff));
	}

	/**
	 * Subjects left without conversations: their rows go (with their identifiers) and their
	 * keys are destroyed in one transaction, so that no backup of the store can decrypt anything
	 * of theirs again.
	 */
	private long purgeSubjects(Store store, UUID tenantId, Instant cutoff) {
		long subjects = 0;
		SubjectBatch batch;
		do {
			batch = store.tx().execute(status -> {
				List<String> found = store.jdbc()
					.sql("select id from data_subject where tenant_id = :tenant and created_at < :cutoff and not exists "
							+ "(select 1 from conversation c where c.tenant_id = data_subject.tenant_id "
							+ "and c.subject_id = data_subject.id) fetch first " + BATCH + " rows only")
					.param("tenant", tenantId)
					.param("cutoff", SqlTime.ts(cutoff))
					.query(String.class)
					.list();
				List<String> ids = new java.util.ArrayList<>(found);
				if (!ids.isEmpty()) {
					// an ingest holds its subject's row lock until it commits: take the locks, then
					// look again (a new statement sees what committed meanwhile), so that no subject
					// loses a conversation that a message just opened (its delete would cascade)
					store.jdbc()
						.sql("select id from data_subject where tenant_id = :tenant and id in (:ids) for update")
						.param("tenant", tenantId)
						.param("ids", ids)
						.query(String.class)
						.list();
					ids.removeAll(store.jdbc()
						.sql("select subject_id from conversation where tenant_id = :tenant and subject_id in (:ids)")
						.param("tenant", tenantId)
						.param("ids", ids)
						.query(String.class)
						.list());
				}
				if (!ids.isEmpty()) {
					store.jdbc()
						.sql("delete from data_subject where tenant_id = :tenant and id in (:ids)")
						.param("tenant", tenantId)
						.param("ids", ids)
						.update();
					audited(tenantId, "subjects=" + ids.size());
					// in this transaction (the keys are in the same store): rows, keys and ledger
					// entries go together, or all stay for the next run
					for (String subject : ids) {
						this.keys.destroySubjectKey(tenantId, subject, "retention-purge");
					}
				}
				return new SubjectBatch(found.size(), ids);
			});
			subjects += batch.deleted().size();
		}
		while (batch.found() == BATCH);
		return subjects;
	}

	/** How many subjects a batch's query found, and which of them it deleted (those still without conversations). */
	private record SubjectBatch(int found, List<String> deleted) {
	}

	private void audited(UUID tenantId, String counts) {
		this.audit.tenant(AuditEvent.success(AuditActor.system(), tenantId, "retention.purge", "retention-purge", counts));
	}

}
