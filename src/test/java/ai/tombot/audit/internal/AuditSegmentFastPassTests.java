package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments as the server makes them by default, 1,000 entries each, as long as verification's
 * windows: the fast pass checks such a window over the segment's bytes as stored. A change
 * inside such a segment, or a row put beside it, still fails the fast pass, and the walk names
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSegmentFastPassTests {

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	AuditVerifier verifier;

	Store eu;

	String chain;

	Map<String, String> storeProperties() {
		return Map.of();
	}

	boolean postgres() {
		return false;
	}

	@BeforeAll
	void start() {
		this.tombot = RunningTombot.start(dataDir, storeProperties());
		this.verifier = this.tombot.bean(AuditVerifier.class);
		this.eu = this.tombot.bean(Stores.class).region("eu");
		AuditTrail trail = this.tombot.bean(AuditTrail.class);
		UUID tenant = this.tombot.bean(TenantService.class).create("fast-pass", "fast-pass", "eu").id();
		for (int i = 1; i <= 2100; i++) {
			trail.tenant(AuditEvent.success(AuditActor.user(UUID.randomUUID()), tenant, "message.read", "message",
					"m-" + i));
		}
		this.chain = tenant.toString();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	@Test
	void windowsThatSegmentsHold_verify_andAChangeInOne_orARowBesideIt_isNamed() {
		assertThat(this.eu.jdbc()
			.sql("select from_seq, to_seq from audit_segment where chain = :chain order by to_seq")
			.param("chain", this.chain)
			.query((rs, row) -> rs.getLong(1) + "-" + rs.getLong(2))
			.list()).containsExactly("1-1000", "1001-2000");
		AuditVerifier.ChainReport intact = this.verifier.verify(this.eu, this.chain);
		assertThat(intact.intact()).as(String.valueOf(intact.problem())).isTrue();
		assertThat(intact.entries()).isEqualTo(2100);
		assertThat(intact.checkpoints()).isEqualTo(2);

		// a row beside sealed entry 500, not alike
		AuditRow sealed = Segments.range(this.eu.jdbc(), this.chain, 500, 500).get(0);
		new AuditRow(this.chain, 500, sealed.at(), sealed.actorType(), sealed.actorId(), sealed.tenantId(),
				sealed.action(), sealed.resourceType(), "m-forged", sealed.subject(), sealed.outcome(), sealed.reason(),
				sealed.sourceAddress(), sealed.userAgent(), sealed.requestId(), sealed.prevHash(), sealed.hash())
			.insert(this.eu.jdbc());
		assertThat(this.verifier.verify(this.eu, this.chain).problem()).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(500);
			assertThat(problem.kind()).isEqualTo("inserted");
		});
		AppendOnlyGuards.lifted(this.eu.jdbc(), postgres(), false, () -> this.eu.jdbc()
			.sql("delete from audit_entry where chain = :chain and seq = 500")
			.param("chain", this.chain)
			.update());
		assertThat(this.verifier.verify(this.eu, this.chain).intact()).isTrue();

		// entry 1,500 changed inside its segment, its hash kept
		Segments.Segment segment = Segments.overlapping(this.eu.jdbc(), this.chain, 2000, 2000).get(0);
		List<AuditRow> entries = new ArrayList<>(SegmentFormat.decode(segment));
		AuditRow entry = entries.get(499);
		entries.set(499, new AuditRow(entry.chain(), entry.seq(), entry.at(), entry.actorType(), entry.actorId(),
				entry.tenantId(), entry.action(), entry.resourceType(), "m-forged", entry.subject(), entry.outcome(),
				entry.reason(), entry.sourceAddress(), entry.userAgent(), entry.requestId(), entry.prevHash(),
				entry.hash()));
		byte[] forged = SegmentFormat.encode(entries);
		AppendOnlyGuards.liftedSegments(this.eu.jdbc(), postgres(), () -> this.eu.jdbc()
			.sql("update audit_segment set entries = :bytes where chain = :chain and to_seq = 2000")
			.param("bytes", forged)
			.param("chain", this.chain)
			.update());
		assertThat(this.verifier.verify(this.eu, this.chain).problem()).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(1500);
			assertThat(problem.kind()).isEqualTo("modified");
		});
	}

}
