package ai.tombot.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditRetention;
import ai.tombot.audit.AuditTrail;
import ai.tombot.keys.AuditArchiveCipher;
import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.platform.TombotProperties;

/**
 * Retention: moves the entries of a chain older than {@code tombot.audit.archive-after} into
 * archive files and removes them from the store, a range at a time. A range starts after the
 * chain's last archive and ends at a signed checkpoint, so the entries that stay go on from a
 * hash the store signed, and where it splits no sealed segment: segments leave whole (see
 * {@link Segments}). Each range is checked (links, hashes, the checkpoint) before it is
 * archived; a broken range is not archived (verification names it).
 *
 * <p>An archive file has three lines: a JSON header (store, chain, range, the hash before and
 * at the cut, times, the SHA-256 of the payload, the store's public key), the payload sealed
 * by {@link AuditArchiveCipher} (base64), and the store's signature over the header line
 * (base64). The payload is the range in the export format, with its signed header and
 * checkpoints. The file is on disk before its {@code audit_archive} row (also signed) and the
 * deletion of its entries (rows and segments) commit, in one transaction that also holds the
 * chain's head lock and appends an {@code audit.archive} entry to the chain. A file whose transaction rolls back is
 * removed; one left by a crash has no row and names a range still in the store.
 *
 * <p>Over 400 lines because planning a range, writing its file and committing it belong
 * together: each step relies on what the one before checked, under one locking order.
 * Opening an archive is {@link ArchiveOpener}'s; the record, {@link ArchiveRecord}'s.
 */
@Component
class AuditArchiver implements AuditRetention {

	static final String FORMAT = "tombot-audit-archive-v1";

	/** Entries per archive file, unless the chain's checkpoints lie further apart. */
	static final int MAX_ENTRIES = 10_000;

	/**
	 * Entries per archive file at most, whatever the checkpoints: the file is made in memory, and
	 * its entries are deleted under the chain's head lock. Checkpoints lie at most
	 * {@code checkpoint-every} (at most 10,000) entries apart where a node could sign.
	 */
	static final int MAX_RANGE = 20_000;

	/** Whether a segment holds checkpoint {@code c}'s entry and the one after it: a cut there would split it. */
	private static final String SPANNED = "exists (select 1 from audit_segment s where s.chain = c.chain "
			+ "and s.to_seq > c.seq and s.from_seq <= c.seq)";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger log = LoggerFactory.getLogger(AuditArchiver.class);

	/** An archive written. */
	record Archived(String store, String chain, long fromSeq, long toSeq, Path file) {
	}

	private final Stores stores;

	private final Checkpoints checkpoints;

	private final ExportWriter writer;

	private final AuditSigner signer;

	private final AuditArchiveCipher cipher;

	private final AuditTrail trail;

	private final AuditProperties properties;

	private final Path dataDir;

	private final Clock clock;

	private final ArchiveOpener opener;

	/** Chains that could not be archived in the last run. */
	private volatile int failures;

	AuditArchiver(Stores stores, Checkpoints checkpoints, ExportWriter writer, AuditSigner signer,
			AuditArchiveCipher cipher, AuditTrail trail, AuditProperties properties, TombotProperties tombot,
			ArchiveOpener opener, Clock clock) {
		this.opener = opener;
		this.stores = stores;
		this.checkpoints = checkpoints;
		this.writer = writer;
		this.signer = signer;
		this.cipher = cipher;
		this.trail = trail;
		this.properties = properties;
		this.dataDir = tombot.dataDir();
		this.clock = clock;
	}

	Path directory() {
		return this.properties.archiveDir() != null ? this.properties.archiveDir()
				: this.dataDir.resolve("audit-archive");
	}

	/** Archives what is older than {@code tombot.audit.archive-after}, every {@code archive-interval}. */
	@Scheduled(initialDelayString = "${tombot.audit.archive-interval:24h}",
			fixedDelayString = "${tombot.audit.archive-interval:24h}")
	void scheduled() {
		archiveAll();
	}

	/** Archives, in every chain this node can sign for, the entries older than {@code archive-after}. */
	List<Archived> archiveAll() {
		return archiveAll(this.clock.instant().minus(this.properties.archiveAfter()));
	}

	/** Archives, in every chain this node can sign for, the entries before {@code before}. */
	List<Archived> archiveAll(Instant before) {
		List<Archived> archived = new ArrayList<>();
		int failed = 0;
		for (Store store : this.stores.all()) {
			try {
				this.signer.publicKeyset(store.name());
			}
			catch (ApiProblem unavailable) {
				continue; // no master key for the region on this node: a node that has it archives
			}
			for (String chain : store.jdbc().sql("select chain from audit_head order by chain").query(String.class).list()) {
				try {
					Optional<Archived> one;
					while ((one = archive(store, chain, before)).isPresent()) {
						archived.add(one.get());
					}
				}
				catch (RuntimeException ex) {
					log.error("Audit chain {} of store {} not archived: {}", chain, store.name(), ex.getMessage());
					failed++;
				}
			}
		}
		this.failures = failed;
		if (!archived.isEmpty()) {
			log.info("Archived {} ranges of audit entries older than {} to {}", archived.size(), before, directory());
		}
		return archived;
	}

	/**
	 * Archives the chain's next range of entries before {@code before} (up to
	 * {@link #MAX_ENTRIES}, ending at a signed checkpoint) and removes them from the store.
	 *
	 * @return the archive, or empty when no such range is due
	 * @throws IllegalStateException when the range is broken (verification names where)
	 */
	Optional<Archived> archive(Store store, String chain, Instant before) {
		String publicKeyset = this.signer.publicKeyset(store.name());
		Range range = plan(store, chain, before);
		if (range == null) {
			return Optional.empty();
		}
		// the file is on disk before anything is deleted; entries up to the cut no longer change
		Instant archivedAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		// a random part too: two nodes that race for a range never write the same file
		String fileName = name(store.name(), chain, range.from(), range.to()) + "-" + archivedAt.toEpochMilli() + "-"
				+ HexFormat.of().formatHex(randomBytes(4)) + ".tbar";
		byte[] file = file(store, chain, range, archivedAt, publicKeyset);
		ArchiveRecord unsigned = new ArchiveRecord(chain, range.from(), range.to(), range.toHash(), range.firstAt(), range.lastAt(),
				archivedAt, fileName, AuditRow.sha256(file), null);
		// signed now, not under the head lock (the signer may call a KMS)
		ArchiveRecord record = new ArchiveRecord(unsigned.chain(), unsigned.fromSeq(), unsigned.toSeq(), unsigned.toHash(),
				unsigned.firstAt(), unsigned.lastAt(), unsigned.archivedAt(), unsigned.fileName(), unsigned.fileSha256(),
				Base64.getEncoder().encodeToString(this.signer.sign(store.name(), unsigned.message(store.name()))));
		Path target = directory().resolve(fileName);
		try {
			PrivateFiles.createDirectories(directory());
			PrivateFiles.writeNew(target, file);
		}
		catch (IOException ex) {
			deleteQuietly(target); // renamed, but its directory not synced: no record will name it
			throw new UncheckedIOException("cannot write the audit archive " + target, ex);
		}
		Boolean recorded;
		try {
			// short, under the head lock: writers of the chain wait only for these statements
			recorded = store.tx().execute(status -> commit(store, record));
		}
		catch (RuntimeException ex) {
			// a failed commit may still have committed: the file goes only when its record did not
			keepIfArchiveRecorded(store, record, target);
			throw ex;
		}
		if (!Boolean.TRUE.equals(recorded)) {
			deleteQuietly(target); // another node archived the range meanwhile, or its cut was sealed
			return Optional.empty();
		}
		return Optional.of(new Archived(store.name(), chain, range.from(), range.to(), target));
	}

	/** A range to archive, checked: entries {@code from} to {@code to}, the signed checkpoint at {@code to}. */
	private record Range(long from, long to, String previous, String toHash, Instant firstAt, Instant lastAt) {
	}

	/**
	 * The chain's next range: after its last archive, every entry of it before {@code before},
	 * ending at a signed checkpoint; null when none is due.
	 * @throws IllegalStateException when the range is broken, or its checkpoints lie too far apart
	 */
	private Range plan(Store store, String chain, Instant before) {
		var jdbc = store.jdbc();
		List<ArchiveRecord> records = ArchiveRecord.of(store, chain);
		long from = records.isEmpty() ? 1 : records.get(records.size() - 1).toSeq() + 1;
		String previous = records.isEmpty() ? AuditRow.GENESIS : records.get(records.size() - 1).toHash();
		// every entry of the range is older than the cut-off, even where the clock went back
		Long younger = jdbc
			.sql("select min(seq) from audit_entry where chain = :chain and seq >= :from and seq <= :far "
					+ "and at >= :before")
			.param("chain", chain)
			.param("from", from)
			.param("far", from + MAX_RANGE)
			.param("before", SqlTime.ts(before))
			.query(Long.class)
			.optional()
			.orElse(null);
		// a sealed entry that young: the range ends before its segment (at the end of the one before)
		Long youngerSealed = jdbc
			.sql("select min(from_seq) from audit_segment where chain = :chain and to_seq >= :from "
					+ "and from_seq <= :far and max_at >= :before")
			.param("chain", chain)
			.param("from", from)
			.param("far", from + MAX_RANGE)
			.param("before", SqlTime.ts(before))
			.query(Long.class)
			.optional()
			.orElse(null);
		if (youngerSealed != null && (younger == null || youngerSealed < younger)) {
			younger = Math.max(from, youngerSealed);
		}
		// none young within MAX_RANGE: a range longer than that is refused below anyway
		long limit = younger == null ? Long.MAX_VALUE : younger - 1;
		// a range ends at a signed checkpoint that no segment spans: segments are removed whole
		String cutQuery = "select %s(seq) from audit_checkpoint c where chain = :chain and seq >= :from "
				+ "and seq <= :to and not " + SPANNED;
		Long cut = jdbc.sql(cutQuery.formatted("max"))
			.param("chain", chain)
			.param("from", from)
			.param("to", Math.min(limit, from + MAX_ENTRIES - 1))
			.query(Long.class)
			.optional()
			.orElse(null);
		if (cut == null) {
			// checkpoints further apart than MAX_ENTRIES: the range ends at the next one, within reason
			cut = jdbc.sql(cutQuery.formatted("min"))
				.param("chain", chain)
				.param("from", from)
				.param("to", limit)
				.query(Long.class)
				.optional()
				.orElse(null);
			if (cut != null && cut - from + 1 > MAX_RANGE) {
				throw new IllegalStateException("the next signed checkpoint is " + (cut - from + 1) + " entries on, "
						+ "more than the " + MAX_RANGE + " an archive holds; lower tombot.audit.checkpoint-every");
			}
		}
		if (cut == null) {
			return null;
		}
		List<AuditRow> rows;
		try {
			rows = Segments.range(jdbc, chain, from, cut);
		}
		catch (Segments.Damaged damaged) {
			throw new IllegalStateException("the sealed entries from " + damaged.seq() + " of the range to archive are "
					+ "damaged; run audit verify");
		}
		String last = previous;
		long expected = from;
		for (AuditRow row : rows) {
			if (row.seq() != expected || !row.prevHash().equals(last) || !row.computedHash().equals(row.hash())) {
				throw new IllegalStateException("entry " + expected + " of the range to archive is broken; "
						+ "run audit verify");
			}
			last = row.hash();
			expected++;
		}
		if (expected != cut + 1) {
			throw new IllegalStateException("entries " + expected + " to " + cut + " of the range to archive are missing");
		}
		Optional<Checkpoints.Checkpoint> checkpoint = this.checkpoints.at(store, chain, cut);
		if (checkpoint.isEmpty() || !checkpoint.get().headHash().equals(last)
				|| !this.checkpoints.signedBy(store, checkpoint.get())) {
			throw new IllegalStateException("the checkpoint at " + cut + " does not match, or is not signed; "
					+ "run audit verify");
		}
		return new Range(from, cut, previous, last, rows.get(0).at(), rows.get(rows.size() - 1).at());
	}

	/**
	 * Under the chain's head lock: records the archive, deletes its entries and appends the
	 * {@code audit.archive} entry. False when another node archived the range first, or a writer
	 * sealed entries across its cut since it was planned.
	 */
	private Boolean commit(Store store, ArchiveRecord record) {
		var jdbc = store.jdbc();
		String chain = record.chain();
		ChainHead.lock(jdbc, chain).orElseThrow(() -> new IllegalStateException("chain " + chain + " has no head"));
		if (ArchiveRecord.archivedTo(store, chain) + 1 != record.fromSeq()) {
			return false;
		}
		// a writer may have sealed entries across the cut since the range was planned: a segment
		// is removed whole
		if (jdbc.sql("select count(*) from audit_checkpoint c where chain = :chain and seq = :to and " + SPANNED)
			.param("chain", chain)
			.param("to", record.toSeq())
			.query(Long.class)
			.single() > 0) {
			return false; // planned again on the next run
		}
		jdbc.sql("insert into audit_archive (chain, from_seq, to_seq, to_hash, first_at, last_at, archived_at, "
				+ "file_name, file_sha256, signature) values (:chain, :from, :to, :hash, :first, :last, :at, :file, "
				+ ":sha, :sig)")
			.param("chain", chain)
			.param("from", record.fromSeq())
			.param("to", record.toSeq())
			.param("hash", record.toHash())
			.param("first", SqlTime.ts(record.firstAt()))
			.param("last", SqlTime.ts(record.lastAt()))
			.param("at", SqlTime.ts(record.archivedAt()))
			.param("file", record.fileName())
			.param("sha", record.fileSha256())
			.param("sig", record.signature())
			.update();
		long deleted = jdbc.sql("delete from audit_entry where chain = :chain and seq >= :from and seq <= :to")
			.param("chain", chain)
			.param("from", record.fromSeq())
			.param("to", record.toSeq())
			.update();
		List<Long> segmentSizes = jdbc
			.sql("select to_seq - from_seq + 1 from audit_segment where chain = :chain and from_seq >= :from "
					+ "and to_seq <= :to")
			.param("chain", chain)
			.param("from", record.fromSeq())
			.param("to", record.toSeq())
			.query(Long.class)
			.list();
		jdbc.sql("delete from audit_segment where chain = :chain and from_seq >= :from and to_seq <= :to")
			.param("chain", chain)
			.param("from", record.fromSeq())
			.param("to", record.toSeq())
			.update();
		for (long size : segmentSizes) {
			deleted += size;
		}
		if (deleted != record.toSeq() - record.fromSeq() + 1) {
			throw new IllegalStateException("deleted " + deleted + " archived entries, not "
					+ (record.toSeq() - record.fromSeq() + 1));
		}
		AuditEvent event = AuditEvent.success(AuditActor.system(),
				chain.equals(ChainWriter.CONTROL) ? null : UUID.fromString(chain), "audit.archive", "audit-archive",
				record.fromSeq() + "-" + record.toSeq());
		if (chain.equals(ChainWriter.CONTROL)) {
			this.trail.control(event);
		}
		else {
			this.trail.tenant(event);
		}
		return true;
	}

	/** After a failed transaction: removes the file unless its record is in the store after all. */
	private void keepIfArchiveRecorded(Store store, ArchiveRecord record, Path target) {
		try {
			boolean recorded = store.jdbc()
				.sql("select count(*) from audit_archive where chain = :chain and to_seq = :to and file_name = :file")
				.param("chain", record.chain())
				.param("to", record.toSeq())
				.param("file", record.fileName())
				.query(Long.class)
				.single() > 0;
			if (!recorded) {
				deleteQuietly(target);
			}
		}
		catch (RuntimeException unknown) {
			// the store cannot say: the file stays (a file without a record holds entries still in the store)
			log.warn("Audit archive {} kept: the store cannot say whether its record committed", target);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot remove the audit archive {} of a run that did not commit: {}", file, ex.toString());
		}
	}

	@Override
	public int archive(java.io.PrintStream out) {
		List<Archived> archived = archiveAll();
		for (Archived one : archived) {
			out.println(one.store() + " " + one.chain() + ": entries " + one.fromSeq() + " to " + one.toSeq()
					+ " archived to " + one.file());
		}
		out.println(archived.size() + " archives written (entries older than " + this.properties.archiveAfter().toDays()
				+ " days)" + (this.failures > 0 ? "; " + this.failures + " chains could not be archived, see the log" : ""));
		return this.failures > 0 ? 1 : 0;
	}

	@Override
	public int openArchive(Path archive, Path publicKeyset, Path output, java.io.PrintStream out) {
		return this.opener.open(archive, publicKeyset, output, out);
	}

	/** What an archive's content is bound to: its store, chain and range. */
	static String name(String store, String chain, long from, long to) {
		return "audit-" + store + "-" + chain + "-" + from + "-" + to;
	}

	private byte[] file(Store store, String chain, Range range, Instant archivedAt, String publicKeyset) {
		ByteArrayOutputStream payload = new ByteArrayOutputStream((int) (range.to() - range.from() + 1) * 512);
		try {
			this.writer.write(store, chain, range.from(), range.to(), publicKeyset, payload);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] sealed = this.cipher.seal(store.name(), payload.toByteArray(),
				name(store.name(), chain, range.from(), range.to()));
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("format", FORMAT);
		header.put("store", store.name());
		header.put("chain", chain);
		header.put("fromSeq", range.from());
		header.put("toSeq", range.to());
		header.put("prevHash", range.previous());
		header.put("toHash", range.toHash());
		header.put("firstAt", range.firstAt().toString());
		header.put("lastAt", range.lastAt().toString());
		header.put("archivedAt", archivedAt.toString());
		header.put("payloadSha256", AuditRow.sha256(sealed));
		header.put("publicKeyset", publicKeyset);
		byte[] headerLine = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
		byte[] signature = this.signer.sign(store.name(), headerLine);
		ByteArrayOutputStream out = new ByteArrayOutputStream(sealed.length * 4 / 3 + 4096);
		out.writeBytes(headerLine);
		out.write('\n');
		out.writeBytes(Base64.getEncoder().encode(sealed));
		out.write('\n');
		out.writeBytes(Base64.getEncoder().encode(signature));
		out.write('\n');
		return out.toByteArray();
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		new java.security.SecureRandom().nextBytes(bytes);
		return bytes;
	}

}
