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
import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.TestClock;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.audit.AuditVerification;
import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention (PCI DSS 10.5.1): entries older than the cut-off move to an encrypted, signed
 * archive file and leave the store; the chain that stays still verifies, from the signed
 * checkpoint at the cut; the archive opens, checks and reads back; the database deletes
 * archived entries only; and an archive whose record is not signed, or a file that was
 * changed, is found out. The server's clock stands 400 days back while entries are written,
 * so that the database (which deletes no entry younger than 90 days by its own clock) lets
 * them go; most tests give the cut-off directly, one runs the server's own schedule a year on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditRetentionTests {

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

	/** The server's clock: 400 days back, unless a test moves it. */
	final TestClock clock = new TestClock(Instant.now().minus(Duration.ofDays(400)));

	Map<String, String> storeProperties() {
		return Map.of();
	}

	boolean postgres() {
		return false;
	}

	@BeforeAll
	void start() {
		Map<String, String> properties = new HashMap<>(storeProperties());
		properties.put("tombot.audit.checkpoint-every", "3");
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

	private UUID tenantWith(String slug, int entries) {
		UUID tenant = this.tombot.bean(TenantService.class).create(slug, slug, "eu").id();
		write(tenant, 1, entries);
		return tenant;
	}

	private void write(UUID tenant, int from, int to) {
		for (int i = from; i <= to; i++) {
			this.trail.tenant(AuditEvent.success(AuditActor.user(UUID.randomUUID()), tenant, "message.read", "message",
					"m-" + i).withSubject("subject-" + i));
		}
	}

	private List<Long> seqs(String chain) {
		return this.eu.jdbc()
			.sql("select seq from audit_entry where chain = :chain order by seq")
			.param("chain", chain)
			.query(Long.class)
			.list();
	}

	/** A cut-off just after every entry written so far. */
	private Instant soon() {
		return this.clock.instant().plusSeconds(1);
	}

	private record Opened(int status, String out) {
	}

	private Opened open(Path archive, Path publicKey, Path output) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int status = this.archiver.openArchive(archive, publicKey, output,
				new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return new Opened(status, bytes.toString(StandardCharsets.UTF_8));
	}

	@Test
	void oldEntries_areArchivedEncryptedAndSigned_leaveTheStore_andTheChainStillVerifies() throws Exception {
		UUID tenant = tenantWith("archived", 7);
		String chain = tenant.toString();

		AuditArchiver.Archived archived = this.archiver.archive(this.eu, chain, soon()).orElseThrow();

		// up to the last signed checkpoint (every third entry): 1 to 6; entry 7 stays
		assertThat(archived.fromSeq()).isEqualTo(1);
		assertThat(archived.toSeq()).isEqualTo(6);
		assertThat(seqs(chain)).containsExactly(7L, 8L);
		AuditRow note = this.eu.jdbc()
			.sql("select " + AuditRow.COLUMNS + " from audit_entry where chain = :chain and seq = 8")
			.param("chain", chain)
			.query(AuditRow.MAPPER)
			.single();
		assertThat(note.action()).isEqualTo("audit.archive");
		assertThat(note.actorType()).isEqualTo("system");
		assertThat(note.resourceId()).isEqualTo("1-6");
		assertThat(ArchiveRecord.of(this.eu, chain)).singleElement().satisfies(record -> {
			assertThat(record.fromSeq()).isEqualTo(1);
			assertThat(record.toSeq()).isEqualTo(6);
			assertThat(record.fileName()).isEqualTo(archived.file().getFileName().toString());
		});

		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).as(String.valueOf(report.problem())).isTrue();
		assertThat(report.entries()).isEqualTo(2);

		// the file: encrypted (no entry's content in it), signed, and it opens to the six entries
		String file = Files.readString(archived.file(), StandardCharsets.UTF_8);
		assertThat(file).doesNotContain("message.read").doesNotContain("subject-").doesNotContain("m-1");
		assertThat(file.lines().count()).isEqualTo(3);
		Path entries = work.resolve("archived.jsonl");
		Opened opened = open(archived.file(), null, entries);
		assertThat(opened.status()).as(opened.out()).isZero();
		assertThat(opened.out()).contains("entries 1 to 6").contains("intact");
		assertThat(Files.readAllLines(entries)).filteredOn(line -> line.contains("\"type\":\"entry\""))
			.hasSize(6)
			.allSatisfy(line -> assertThat(line).contains("\"action\":\"message.read\""));
		ByteArrayOutputStream exportCheck = new ByteArrayOutputStream();
		Path pinned = work.resolve("eu.json");
		Files.writeString(pinned, this.tombot.bean(AuditSigner.class).publicKeyset("eu"));
		assertThat(AuditVerification.verifyExport(entries, pinned, new PrintStream(exportCheck, true,
				StandardCharsets.UTF_8))).as(exportCheck.toString(StandardCharsets.UTF_8)).isZero();

		// nothing more is due until a later checkpoint; then the next range follows on
		assertThat(this.archiver.archive(this.eu, chain, soon())).isEmpty();
		write(tenant, 8, 12);
		AuditArchiver.Archived next = this.archiver.archive(this.eu, chain, soon()).orElseThrow();
		assertThat(next.fromSeq()).isEqualTo(7);
		assertThat(next.toSeq()).isEqualTo(12);
		assertThat(this.verifier.verify(this.eu, chain).intact()).isTrue();
		assertThat(open(next.file(), pinned, work.resolve("next.jsonl")).status()).isZero();
	}

	@Test
	void entriesNewerThanTheCutOff_stay_andTheCutOffIsAtLeastNinetyDays() {
		UUID tenant = tenantWith("recent", 6);
		Instant before = this.clock.instant().minusSeconds(3600);
		assertThat(this.archiver.archive(this.eu, tenant.toString(), before)).isEmpty();
		// the server's own run (archive-after: 365 days) when they are a day old
		this.clock.advance(Duration.ofDays(1));
		try {
			assertThat(this.archiver.archiveAll()).isEmpty();
		}
		finally {
			this.clock.advance(Duration.ofDays(-1));
		}
		assertThat(seqs(tenant.toString())).hasSize(6);
		assertThatThrownBy(() -> new AuditProperties(1000, Duration.ofMinutes(10), null, Duration.ofHours(24),
				Duration.ofDays(89), null, Duration.ofHours(24), 1000))
			.hasMessageContaining("at least 90d");
	}

	@Test
	void theServersOwnRun_archivesWhatIsOlderThanArchiveAfter_byItsClock_inEveryStore() {
		UUID tenant = tenantWith("a-year-on", 6);
		String chain = tenant.toString();
		for (int i = 0; i < 3; i++) { // at least one checkpoint (every third entry) in the control chain
			this.trail.control(AuditEvent.success(AuditActor.system(), null, "tenant.status", "tenant", "t-" + i));
		}
		// the server's own run, 366 days on (archive-after: 365 days by default)
		Instant then = this.clock.instant();
		this.clock.advance(Duration.ofDays(366));
		List<AuditArchiver.Archived> archived;
		try {
			archived = this.archiver.archiveAll();
		}
		finally {
			this.clock.set(then);
		}
		assertThat(archived).anySatisfy(one -> {
			assertThat(one.chain()).isEqualTo(chain);
			assertThat(one.toSeq()).isEqualTo(6);
		});
		// the control store's chain too, sealed under the server secret
		AuditArchiver.Archived control = archived.stream()
			.filter(one -> one.store().equals("control"))
			.findFirst()
			.orElseThrow();
		assertThat(seqs(chain)).containsExactly(7L);
		assertThat(this.verifier.verify(this.eu, chain).intact()).isTrue();
		assertThat(this.verifier.verify(this.tombot.bean(Stores.class).control(), ChainWriter.CONTROL).intact()).isTrue();
		assertThat(open(control.file(), null, work.resolve("control.jsonl")).status()).isZero();
	}

	@Test
	void aChangedArchiveFile_doesNotOpen() throws Exception {
		UUID tenant = tenantWith("changed", 3);
		Path file = this.archiver.archive(this.eu, tenant.toString(), soon()).orElseThrow().file();
		List<String> lines = Files.readAllLines(file);

		Path payload = work.resolve("payload.tbar");
		char[] sealed = lines.get(1).toCharArray();
		sealed[sealed.length / 2] = sealed[sealed.length / 2] == 'A' ? 'B' : 'A';
		Files.write(payload, List.of(lines.get(0), new String(sealed), lines.get(2)));
		assertThat(open(payload, null, work.resolve("x.jsonl"))).satisfies(opened -> {
			assertThat(opened.status()).isEqualTo(1);
			assertThat(opened.out()).contains("BROKEN");
		});

		Path header = work.resolve("header.tbar");
		Files.write(header, List.of(lines.get(0).replace("\"toSeq\":3", "\"toSeq\":2"), lines.get(1), lines.get(2)));
		assertThat(open(header, null, work.resolve("y.jsonl"))).satisfies(opened -> {
			assertThat(opened.status()).isEqualTo(1);
			assertThat(opened.out()).contains("signature does not verify");
		});

		Path otherKey = work.resolve("control.json");
		Files.writeString(otherKey, this.tombot.bean(AuditSigner.class).publicKeyset("control"));
		assertThat(open(file, otherKey, work.resolve("z.jsonl")).status()).isEqualTo(1);
		assertThat(work.resolve("x.jsonl")).doesNotExist();
	}

	@Test
	void theDatabase_deletesArchivedEntriesOnly_andAnUnsignedArchiveRecord_isFoundOut() {
		UUID tenant = tenantWith("unsigned", 6);
		String chain = tenant.toString();
		JdbcClient jdbc = this.eu.jdbc();
		assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where chain = :chain and seq = 1")
			.param("chain", chain)
			.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("update audit_entry set action = 'x' where chain = :chain and seq = 1")
			.param("chain", chain)
			.update()).isInstanceOf(DataAccessException.class);

		// whoever can write the tables forges a record to delete entries under: the database lets
		// it through, verification does not
		String third = jdbc.sql("select hash from audit_entry where chain = :chain and seq = 3")
			.param("chain", chain)
			.query(String.class)
			.single();
		jdbc.sql("insert into audit_archive (chain, from_seq, to_seq, to_hash, first_at, last_at, archived_at, "
				+ "file_name, file_sha256, signature) values (:chain, 1, 3, :hash, current_timestamp, current_timestamp, "
				+ "current_timestamp, 'forged.tbar', :sha, 'AAAA')")
			.param("chain", chain)
			.param("hash", third)
			.param("sha", "0".repeat(64))
			.update();
		assertThat(jdbc.sql("delete from audit_entry where chain = :chain and seq <= 3").param("chain", chain).update())
			.isEqualTo(3);
		assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where chain = :chain and seq = 4")
			.param("chain", chain)
			.update()).isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> jdbc.sql("delete from audit_archive where chain = :chain").param("chain", chain).update())
			.isInstanceOf(DataAccessException.class);
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).isFalse();
		assertThat(report.problem().seq()).isEqualTo(1);
		assertThat(report.problem().kind()).isEqualTo("deleted");
		assertThat(report.problem().detail()).contains("did not sign");

		// entries of the latest 90 days (by the database's clock) go under no record at all
		Instant then = this.clock.instant();
		this.clock.set(Instant.now().minus(Duration.ofDays(89)));
		UUID recent;
		try {
			recent = tenantWith("recent-forged", 3);
		}
		finally {
			this.clock.set(then);
		}
		String recentThird = jdbc.sql("select hash from audit_entry where chain = :chain and seq = 3")
			.param("chain", recent.toString())
			.query(String.class)
			.single();
		jdbc.sql("insert into audit_archive (chain, from_seq, to_seq, to_hash, first_at, last_at, archived_at, "
				+ "file_name, file_sha256, signature) values (:chain, 1, 3, :hash, current_timestamp, current_timestamp, "
				+ "current_timestamp, 'forged.tbar', :sha, 'AAAA')")
			.param("chain", recent.toString())
			.param("hash", recentThird)
			.param("sha", "0".repeat(64))
			.update();
		assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where chain = :chain and seq = 1")
			.param("chain", recent.toString())
			.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("older than 90 days");
	}

	@Test
	void aBrokenRange_isNotArchived() {
		UUID tenant = tenantWith("broken", 6);
		String chain = tenant.toString();
		JdbcClient jdbc = this.eu.jdbc();
		AppendOnlyGuards.lifted(jdbc, postgres(), false,
				() -> jdbc.sql("update audit_entry set resource_id = 'forged' where chain = :chain and seq = 2")
					.param("chain", chain)
					.update());
		long files = archiveFiles();
		assertThatThrownBy(() -> this.archiver.archive(this.eu, chain, soon())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("entry 2");
		assertThat(seqs(chain)).hasSize(6);
		assertThat(ArchiveRecord.of(this.eu, chain)).isEmpty();
		assertThat(archiveFiles()).as("no file is left of a range that was not archived").isEqualTo(files);
	}

	@Test
	void aRunThatFailsAfterWritingItsFile_removesTheFile_andDeletesNothing() {
		UUID tenant = tenantWith("failing", 3);
		String chain = tenant.toString();
		JdbcClient jdbc = this.eu.jdbc();
		// the archive record cannot be inserted: the run fails after its file is on disk
		jdbc.sql(postgres()
				? "create trigger audit_archive_refused before insert on audit_archive for each row execute function audit_append_only()"
				: "create trigger audit_archive_refused before insert on audit_archive for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger'")
			.update();
		long files = archiveFiles();
		try {
			assertThatThrownBy(() -> this.archiver.archive(this.eu, chain, soon())).isInstanceOf(RuntimeException.class);
		}
		finally {
			jdbc.sql(postgres() ? "drop trigger audit_archive_refused on audit_archive" : "drop trigger audit_archive_refused")
				.update();
		}
		assertThat(archiveFiles()).as("the file of the failed run is removed").isEqualTo(files);
		assertThat(seqs(chain)).hasSize(3);
		assertThat(this.verifier.verify(this.eu, chain).intact()).isTrue();
		assertThat(this.archiver.archive(this.eu, chain, soon())).isPresent();
	}

	@Test
	void onlyTheArchiveOfRecord_opens() throws Exception {
		UUID tenant = tenantWith("of-record", 3);
		Path file = this.archiver.archive(this.eu, tenant.toString(), soon()).orElseThrow().file();
		// a copy whose bytes differ (same signed content, one more line break): not the file recorded
		Path copy = work.resolve("copy.tbar");
		Files.writeString(copy, Files.readString(file) + "\n");
		assertThat(open(copy, null, work.resolve("copy.jsonl"))).satisfies(opened -> {
			assertThat(opened.status()).isEqualTo(1);
			assertThat(opened.out()).contains("not the archive of record");
		});
		// and the entries never overwrite a file
		Path existing = work.resolve("existing.jsonl");
		Files.writeString(existing, "keep");
		assertThat(open(file, null, existing).status()).isEqualTo(2);
		assertThat(Files.readString(existing)).isEqualTo("keep");
	}

	private static long archiveFiles() {
		try (var listing = Files.list(archiveDir)) {
			return listing.count();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
