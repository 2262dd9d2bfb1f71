package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTamperDetected;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Someone with write access to the database changes the audit trail directly in SQL, after
 * taking away the append-only trigger (as a table owner or superuser can): verification names
 * the entry and what was done to it — modified, deleted, reordered or inserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTamperTests {

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	AuditTrail trail;

	AuditVerifier verifier;

	Store eu;

	final List<AuditTamperDetected> alarms = new CopyOnWriteArrayList<>();

	Map<String, String> storeProperties() {
		return Map.of();
	}

	boolean postgres() {
		return false;
	}

	@BeforeAll
	void start() {
		Map<String, String> properties = new java.util.HashMap<>(storeProperties());
		// every third entry is checkpointed by its writer, in its transaction
		properties.put("tombot.audit.checkpoint-every", "3");
		// the entries stay rows, for these tests to change in SQL (AuditSegmentTests seal them)
		properties.put("tombot.audit.seal-every", "10000");
		this.tombot = RunningTombot.start(dataDir, properties);
		this.tombot.context().addApplicationListener(event -> {
			if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof AuditTamperDetected alarm) {
				this.alarms.add(alarm);
			}
		});
		this.trail = this.tombot.bean(AuditTrail.class);
		this.verifier = this.tombot.bean(AuditVerifier.class);
		this.eu = this.tombot.bean(Stores.class).region("eu");
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	/** A new tenant whose chain holds six entries. */
	private String chainOfSix(String slug) {
		UUID tenant = this.tombot.bean(TenantService.class).create(slug, slug, "eu").id();
		for (int i = 1; i <= 6; i++) {
			this.trail.tenant(AuditEvent.success(AuditActor.user(UUID.randomUUID()), tenant, "message.read", "message",
					"m-" + i).withSubject("subject-" + i));
		}
		String chain = tenant.toString();
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).as("an untouched chain").isTrue();
		assertThat(report.entries()).isEqualTo(6);
		assertThat(report.checkpoints()).as("at entries 3 and 6").isEqualTo(2);
		return chain;
	}

	private AuditVerifier.Break tamper(String chain, String... statements) {
		JdbcClient jdbc = this.eu.jdbc();
		AppendOnlyGuards.lifted(jdbc, postgres(), false, () -> {
			for (String statement : statements) {
				jdbc.sql(statement).param("chain", chain).update();
			}
		});
		int before = this.alarms.size();
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).isFalse();
		assertThat(this.alarms.subList(before, this.alarms.size())).singleElement()
			.satisfies(alarm -> assertThat(alarm.chain()).isEqualTo(chain));
		return report.problem();
	}

	@Test
	void theDatabase_refusesUpdatesAndDeletesOfEntries() {
		String chain = chainOfSix("refuses");
		JdbcClient jdbc = this.eu.jdbc();
		if (postgres()) {
			// the application's role has given up UPDATE and TRUNCATE on the table (it keeps DELETE,
			// which the trigger allows for archived entries only)...
			assertThatThrownBy(() -> jdbc.sql("update audit_entry set action = 'x' where chain = :chain")
				.param("chain", chain)
				.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
			assertThatThrownBy(() -> jdbc.sql("truncate audit_entry").update()).isInstanceOf(DataAccessException.class)
				.hasStackTraceContaining("permission denied");
			// ...and when the table's owner takes them back, the trigger still refuses
			jdbc.sql("grant update, truncate on audit_entry to current_user").update();
		}
		try {
			assertThatThrownBy(() -> jdbc.sql("update audit_entry set action = 'x' where chain = :chain")
				.param("chain", chain)
				.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
			assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where chain = :chain").param("chain", chain).update())
				.isInstanceOf(DataAccessException.class)
				.hasStackTraceContaining("append-only");
			if (postgres()) {
				// refused by the trigger, or before it by the checkpoints' foreign key
				assertThatThrownBy(() -> jdbc.sql("truncate audit_entry").update()).isInstanceOf(DataAccessException.class);
			}
		}
		finally {
			if (postgres()) {
				jdbc.sql("revoke update, truncate on audit_entry from current_user").update();
			}
		}
		assertThat(this.verifier.verify(this.eu, chain).intact()).isTrue();
	}

	@Test
	void aModifiedEntry_isNamed() {
		String chain = chainOfSix("modified");
		assertThat(tamper(chain, "update audit_entry set resource_id = 'm-forged' where chain = :chain and seq = 3"))
			.satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(3);
				assertThat(problem.kind()).isEqualTo("modified");
			});
	}

	@Test
	void aChangedLinkOrATimeChangedBelowAMillisecond_isNamedAtItsEntry() {
		String link = chainOfSix("relinked");
		assertThat(tamper(link, "update audit_entry set prev_hash = '" + AuditRow.GENESIS
				+ "' where chain = :chain and seq = 4")).satisfies(problem -> {
					assertThat(problem.seq()).isEqualTo(4);
					assertThat(problem.kind()).isEqualTo("modified");
				});
		String time = chainOfSix("retimed");
		assertThat(tamper(time, postgres()
				? "update audit_entry set at = at + interval '500 microseconds' where chain = :chain and seq = 2"
				: "update audit_entry set at = dateadd(microsecond, 500, at) where chain = :chain and seq = 2"))
			.satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(2);
				assertThat(problem.kind()).isEqualTo("modified");
			});
	}

	@Test
	void entriesOutsideTheSequence_andTruncation_areRefused() {
		String chain = chainOfSix("outside");
		JdbcClient jdbc = this.eu.jdbc();
		assertThatThrownBy(() -> jdbc.sql("insert into audit_entry (" + AuditRow.COLUMNS + ") select chain, 0, at, "
				+ "actor_type, actor_id, tenant_id, action, resource_type, resource_id, subject, outcome, reason, "
				+ "source_address, user_agent, request_id, prev_hash, hash from audit_entry where chain = :chain and seq = 1")
			.param("chain", chain)
			.update()).isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> jdbc.sql("truncate table audit_entry").update()).isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> jdbc.sql("delete from audit_head where chain = :chain").param("chain", chain).update())
			.isInstanceOf(DataAccessException.class);
		assertThat(this.verifier.verify(this.eu, chain).intact()).isTrue();
	}

	@Test
	void aModifiedEntryWhoseHashWasRecomputed_isNamed() {
		String chain = chainOfSix("rehashed");
		AuditRow third = row(chain, 3);
		AuditRow forged = new AuditRow(third.chain(), third.seq(), third.at(), third.actorType(), third.actorId(),
				third.tenantId(), third.action(), third.resourceType(), "m-forged", third.subject(), third.outcome(),
				third.reason(), third.sourceAddress(), third.userAgent(), third.requestId(), third.prevHash(), null);
		assertThat(tamper(chain, "update audit_entry set resource_id = 'm-forged', hash = '" + forged.hash(third.prevHash())
				+ "' where chain = :chain and seq = 3")).satisfies(problem -> {
					assertThat(problem.seq()).isEqualTo(3);
					assertThat(problem.kind()).isEqualTo("modified");
				});
	}

	@Test
	void aDeletedEntry_isNamed_inTheMiddleAndAtTheEnd() {
		String middle = chainOfSix("deleted");
		assertThat(tamper(middle, "delete from audit_entry where chain = :chain and seq = 4")).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(4);
			assertThat(problem.kind()).isEqualTo("deleted");
		});
		String end = chainOfSix("deleted-end");
		assertThat(tamper(end, "delete from audit_entry where chain = :chain and seq = 6")).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(6);
			assertThat(problem.kind()).isEqualTo("deleted");
		});
	}

	/**
	 * Verification reads a long chain in windows of 1,000 entries with several threads, then
	 * joins them: an entry rewritten with a recomputed hash at the end of a window leaves each
	 * window whole by itself, and only the link between the windows shows it.
	 */
	@Test
	void tamperingAtTheJoinOfTwoWindows_isNamed() throws Exception {
		UUID tenant = this.tombot.bean(TenantService.class).create("windows", "windows", "eu").id();
		for (int i = 1; i <= 2100; i++) {
			this.trail.tenant(AuditEvent.success(AuditActor.user(UUID.randomUUID()), tenant, "message.read", "message",
					"m-" + i));
		}
		String chain = tenant.toString();
		AuditVerifier.ChainReport intact = this.verifier.verify(this.eu, chain);
		assertThat(intact.intact()).isTrue();
		assertThat(intact.entries()).isEqualTo(2100);
		// verifications at once: one reads with several threads, the others walk in order
		var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
		try {
			List<java.util.concurrent.Future<AuditVerifier.ChainReport>> together = new java.util.ArrayList<>();
			for (int i = 0; i < 3; i++) {
				together.add(pool.submit(() -> this.verifier.verify(this.eu, chain)));
			}
			for (var report : together) {
				assertThat(report.get()).satisfies(one -> {
					assertThat(one.intact()).isTrue();
					assertThat(one.entries()).isEqualTo(2100);
				});
			}
		}
		finally {
			pool.shutdown();
		}
		AuditRow last = row(chain, 1000);
		AuditRow forged = new AuditRow(chain, 1000, last.at(), last.actorType(), last.actorId(), last.tenantId(),
				last.action(), last.resourceType(), "m-forged", last.subject(), last.outcome(), last.reason(),
				last.sourceAddress(), last.userAgent(), last.requestId(), last.prevHash(), null);
		assertThat(tamper(chain, "update audit_entry set resource_id = 'm-forged', hash = '" + forged.hash(last.prevHash())
				+ "' where chain = :chain and seq = 1000")).satisfies(problem -> {
					assertThat(problem.seq()).isEqualTo(1000);
					assertThat(problem.kind()).isEqualTo("modified");
				});
		AppendOnlyGuards.lifted(this.eu.jdbc(), postgres(), false, () -> this.eu.jdbc()
			.sql("update audit_entry set resource_id = :id, hash = :hash where chain = :chain and seq = 1000")
			.param("id", last.resourceId())
			.param("hash", last.hash())
			.param("chain", chain)
			.update());
		assertThat(this.verifier.verify(this.eu, chain).intact()).as("put back").isTrue();
		assertThat(tamper(chain, "delete from audit_entry where chain = :chain and seq = 2000")).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(2000);
			assertThat(problem.kind()).isEqualTo("deleted");
		});
	}

	@Test
	void aHeadMovedFarAhead_isNamed_withoutWalkingTheEmptySequence() {
		String chain = chainOfSix("far-ahead");
		// the application's role may move a head (writers do): a head near the end of the range
		this.eu.jdbc()
			.sql("update audit_head set seq = " + (Long.MAX_VALUE - 10) + " where chain = :chain")
			.param("chain", chain)
			.update();
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).isFalse();
		assertThat(report.problem().seq()).isEqualTo(7);
		assertThat(report.problem().kind()).isEqualTo("deleted");
		// and a query of the chain answers, at most a million sequence numbers on
		assertThat(AuditQueryController.page(this.eu, chain,
				AuditQueryController.filter(null, null, null, null, null, null, null, null)))
			.satisfies(page -> assertThat(page.get("nextCursor")).isNotNull());
	}

	@Test
	void reorderedEntries_areNamed() {
		String chain = chainOfSix("reordered");
		assertThat(tamper(chain, "update audit_entry set seq = 1000 where chain = :chain and seq = 3",
				"update audit_entry set seq = 3 where chain = :chain and seq = 4",
				"update audit_entry set seq = 4 where chain = :chain and seq = 1000"))
			.satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(3);
				assertThat(problem.kind()).isEqualTo("reordered");
			});
	}

	@Test
	void anInsertedEntry_isNamed_evenWithAWellFormedHash() {
		String chain = chainOfSix("inserted");
		AuditRow second = row(chain, 2);
		AuditRow forged = new AuditRow(chain, 3, second.at(), "user", UUID.randomUUID().toString(), second.tenantId(),
				"message.read", "message", "m-forged", null, "success", null, null, null, null, second.hash(), null);
		String hash = forged.hash(second.hash());
		assertThat(tamper(chain, "update audit_entry set seq = seq + 100 where chain = :chain and seq >= 3",
				"update audit_entry set seq = seq - 99 where chain = :chain and seq >= 103",
				"insert into audit_entry (" + AuditRow.COLUMNS + ") values (:chain, 3, (select at from audit_entry where chain = :chain and seq = 2), 'user', '"
						+ forged.actorId() + "', '" + forged.tenantId() + "', 'message.read', 'message', 'm-forged', null, "
						+ "'success', null, null, null, null, '" + second.hash() + "', '" + hash + "')"))
			.satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(3);
				assertThat(problem.kind()).isEqualTo("inserted");
			});
	}

	@Test
	void anEntryAddedAfterTheHead_isNamed() {
		String chain = chainOfSix("appended");
		AuditRow last = row(chain, 6);
		AuditRow forged = new AuditRow(chain, 7, last.at(), "system", null, last.tenantId(), "message.read", null, null,
				null, "success", null, null, null, null, last.hash(), null);
		assertThat(tamper(chain,
				"insert into audit_entry (" + AuditRow.COLUMNS + ") values (:chain, 7, (select at from audit_entry where chain = :chain and seq = 6), 'system', null, '"
						+ last.tenantId() + "', 'message.read', null, null, null, 'success', null, null, null, null, '"
						+ last.hash() + "', '" + forged.hash(last.hash()) + "')"))
			.satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(7);
				assertThat(problem.kind()).isEqualTo("inserted");
			});
	}

	@Test
	void aChainRewrittenWithRecomputedHashes_isCaughtByItsSignedCheckpoint() {
		String chain = chainOfSix("rewritten");
		this.trail.tenant(AuditEvent.success(AuditActor.system(), UUID.fromString(chain), "message.read", "message", "m-7"));
		this.tombot.bean(Checkpoints.class).checkpointHead(this.eu, chain);
		AuditVerifier.ChainReport signed = this.verifier.verify(this.eu, chain);
		assertThat(signed.intact()).isTrue();
		assertThat(signed.checkpoints()).as("two by the writer, one by the scheduler's head signing").isEqualTo(3);
		List<String> rewrite = new java.util.ArrayList<>();
		String previous = row(chain, 2).hash();
		for (long seq = 3; seq <= 7; seq++) {
			AuditRow old = row(chain, seq);
			AuditRow forged = new AuditRow(chain, seq, old.at(), old.actorType(), old.actorId(), old.tenantId(), old.action(),
					old.resourceType(), seq == 3 ? "m-forged" : old.resourceId(), old.subject(), old.outcome(), old.reason(),
					old.sourceAddress(), old.userAgent(), old.requestId(), previous, null);
			String hash = forged.hash(previous);
			rewrite.add("update audit_entry set resource_id = '" + forged.resourceId() + "', prev_hash = '" + previous
					+ "', hash = '" + hash + "' where chain = :chain and seq = " + seq);
			previous = hash;
		}
		rewrite.add("update audit_head set hash = '" + previous + "' where chain = :chain");
		assertThat(tamper(chain, rewrite.toArray(String[]::new))).satisfies(problem -> {
			assertThat(problem.kind()).isEqualTo("modified");
			assertThat(problem.detail()).contains("no longer matches its signed checkpoint");
		});
	}

	@Test
	void aForgedCheckpoint_isNamed() {
		String chain = chainOfSix("forged-checkpoint");
		assertThat(tamper(chain, "insert into audit_checkpoint (chain, seq, head_hash, at, signature) select chain, seq, "
				+ "hash, at, 'AAAA' from audit_entry where chain = :chain and seq = 4")).satisfies(problem -> {
					assertThat(problem.seq()).isEqualTo(4);
					assertThat(problem.kind()).isEqualTo("modified");
					assertThat(problem.detail()).contains("not signed");
				});
	}

	private AuditRow row(String chain, long seq) {
		return this.eu.jdbc()
			.sql("select " + AuditRow.COLUMNS + " from audit_entry where chain = :chain and seq = :seq")
			.param("chain", chain)
			.param("seq", seq)
			.query(AuditRow.MAPPER)
			.single();
	}

}
