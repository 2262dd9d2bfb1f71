package ai.tombot.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DataAccessException;

import ai.tombot.RunningTombot;
import ai.tombot.TestClock;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention over sealed segments (see {@link Segments}): an archive takes segments whole, with
 * the rows after them, and deletes both; a segment that holds an entry younger than the
 * cut-off stays whole, with the entries before it; what stays still verifies, and the archive
 * opens to every entry it took; and the database deletes a segment only when an archive covers
 * all of it. Segments of four entries, a checkpoint every second entry; the
 * server's clock stands 400 days back, as in {@link AuditRetentionTests}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSegmentRetentionTests {

	@TempDir
	static Path dataDir;

	@TempDir
	static Path archiveDir;

	@TempDir
	static Path work;

	RunningTombot tombot;

	AuditTrail trail;

	AuditVerifier verifier;

	AuditArchiver archiver;

	Store eu;

	final TestClock clock = new TestClock(Instant.now().minus(Duration.ofDays(400)));

	Map<String, String> storeProperties() {
		return Map.of();
	}

	@BeforeAll
	void start() {
		Map<String, String> properties = new HashMap<>(storeProperties());
		properties.put("tombot.audit.checkpoint-every", "2");
		properties.put("tombot.audit.seal-every", "4");
		properties.put("tombot.audit.archive-dir", archiveDir.toString());
		this.tombot = RunningTombot.start(dataDir, properties, this.clock);
		this.trail = this.tombot.bean(AuditTrail.class);
		this.verifier = this.tombot.bean(AuditVerifier.class);
		this.archiver = this.tombot.bean(AuditArchiver.class);
		this.eu = this.tombot.bean(Stores.class).region("eu");
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private void write(UUID tenant, int from, int to) {
		for (int i = from; i <= to; i++) {
			this.trail.tenant(AuditEvent.success(AuditActor.user(UUID.randomUUID()), tenant, "message.read", "message",
					"m-" + i).withSubject("subject-" + i));
		}
	}

	private List<long[]> segments(String chain) {
		return this.eu.jdbc()
			.sql("select from_seq, to_seq from audit_segment where chain = :chain order by to_seq")
			.param("chain", chain)
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
	}

	private List<Long> rows(String chain) {
		return this.eu.jdbc()
			.sql("select seq from audit_entry where chain = :chain order by seq")
			.param("chain", chain)
			.query(Long.class)
			.list();
	}

	@Test
	void anArchive_takesSegmentsWhole_andWhatStaysVerifies() throws Exception {
		UUID tenant = this.tombot.bean(TenantService.class).create("sealed-archive", "sealed-archive", "eu").id();
		String chain = tenant.toString();
		write(tenant, 1, 11);
		assertThat(segments(chain)).containsExactly(new long[] { 1, 4 }, new long[] { 5, 8 });
		assertThat(rows(chain)).containsExactly(9L, 10L, 11L);

		// up to the checkpoint at 10: both segments and rows 9 and 10
		AuditArchiver.Archived first = this.archiver.archive(this.eu, chain, this.clock.instant().plusSeconds(1))
			.orElseThrow();
		assertThat(first.fromSeq()).isEqualTo(1);
		assertThat(first.toSeq()).isEqualTo(10);
		// entry 12 is the archive's own note; segments start again after the archive
		assertThat(segments(chain)).isEmpty();
		assertThat(rows(chain)).containsExactly(11L, 12L);
		assertThat(this.verifier.verify(this.eu, chain)).satisfies(report -> {
			assertThat(report.intact()).as(String.valueOf(report.problem())).isTrue();
			assertThat(report.entries()).isEqualTo(2);
		});
		Path opened = work.resolve("first.jsonl");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = this.archiver.openArchive(first.file(), null, opened,
				new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(Files.readAllLines(opened)).filteredOn(line -> line.contains("\"type\":\"entry\""))
			.hasSize(10)
			.allSatisfy(line -> assertThat(line).contains("\"subject\":\"subject-"));

		// 13 to 16 old, 17 and 18 a day younger: the segment of 15 to 18 holds young entries, so
		// the next archive ends before it, at the segment of 11 to 14 (the checkpoint at 16 lies
		// inside the young segment, and would split it)
		write(tenant, 13, 16);
		Instant cutOff = this.clock.instant().plusSeconds(1);
		this.clock.advance(Duration.ofDays(1));
		try {
			write(tenant, 17, 18);
			assertThat(segments(chain)).containsExactly(new long[] { 11, 14 }, new long[] { 15, 18 });
			assertThat(rows(chain)).isEmpty();
			AuditArchiver.Archived second = this.archiver.archive(this.eu, chain, cutOff).orElseThrow();
			assertThat(second.fromSeq()).isEqualTo(11);
			assertThat(second.toSeq()).isEqualTo(14);
			assertThat(segments(chain)).containsExactly(new long[] { 15, 18 });
			assertThat(this.verifier.verify(this.eu, chain)).satisfies(report -> {
				assertThat(report.intact()).as(String.valueOf(report.problem())).isTrue();
				assertThat(report.entries()).isEqualTo(5); // 15 to 18, and the archive's note
			});
		}
		finally {
			this.clock.advance(Duration.ofDays(-1));
		}

		// a segment goes only whole: an archive record (here forged) that covers half of it lets
		// no DELETE of it through, although it is older than 90 days by the database's clock
		this.eu.jdbc()
			.sql("insert into audit_archive (chain, from_seq, to_seq, to_hash, first_at, last_at, archived_at, "
					+ "file_name, file_sha256, signature) values (:chain, 15, 16, :hash, current_timestamp, "
					+ "current_timestamp, current_timestamp, 'forged.tbar', :sha, 'AAAA')")
			.param("chain", chain)
			.param("hash", "0".repeat(64))
			.param("sha", "0".repeat(64))
			.update();
		assertThatThrownBy(() -> this.eu.jdbc()
			.sql("delete from audit_segment where chain = :chain and to_seq = 18")
			.param("chain", chain)
			.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
	}

}
