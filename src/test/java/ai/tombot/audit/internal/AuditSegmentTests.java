package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealed segments (see {@link Segments}): every fifth entry here, the writer packs the entries
 * since the last segment into one and deletes their rows. Queries, exports and verification
 * read them as before; the database refuses to change them; and whoever changes them anyway,
 * in SQL with the guards lifted, is named by verification: an entry modified, deleted,
 * reordered or inserted inside a segment, a segment gone, an entry beside a segment, the times
 * a segment names, bytes that are no segment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSegmentTests {

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	AuditTrail trail;

	AuditVerifier verifier;

	Store eu;

	Map<String, String> storeProperties() {
		return Map.of();
	}

	boolean postgres() {
		return false;
	}

	@BeforeAll
	void start() {
		Map<String, String> properties = new HashMap<>(storeProperties());
		properties.put("tombot.audit.seal-every", "5");
		properties.put("tombot.audit.checkpoint-every", "5");
		this.tombot = RunningTombot.start(dataDir, properties);
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

	/** A new tenant whose chain holds {@code entries} reads, of subjects subject-1, subject-2, …. */
	private String chainOf(String slug, int entries) {
		UUID tenant = this.tombot.bean(TenantService.class).create(slug, slug, "eu").id();
		for (int i = 1; i <= entries; i++) {
			this.trail.tenant(AuditEvent.success(AuditActor.user(UUID.randomUUID()), tenant,
					i % 2 == 0 ? "message.read" : "conversation.read", "message", "m-" + i).withSubject("subject-" + i));
		}
		String chain = tenant.toString();
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).as("an untouched chain").isTrue();
		assertThat(report.entries()).isEqualTo(entries);
		return chain;
	}

	private long rows(String chain) {
		return this.eu.jdbc()
			.sql("select count(*) from audit_entry where chain = :chain")
			.param("chain", chain)
			.query(Long.class)
			.single();
	}

	private List<long[]> segments(String chain) {
		return this.eu.jdbc()
			.sql("select from_seq, to_seq from audit_segment where chain = :chain order by to_seq")
			.param("chain", chain)
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
	}

	@Test
	void everyFifthEntry_sealsTheFiveBefore_andEveryReaderStillSeesEveryEntry() {
		String chain = chainOf("sealed", 23);
		assertThat(segments(chain)).containsExactly(new long[] { 1, 5 }, new long[] { 6, 10 }, new long[] { 11, 15 },
				new long[] { 16, 20 });
		assertThat(rows(chain)).as("entries 21 to 23, not sealed yet").isEqualTo(3);
		// every entry as written, in order, across segments and rows
		List<AuditRow> all = Segments.range(this.eu.jdbc(), chain, 1, 23);
		assertThat(all).extracting(AuditRow::seq).containsExactlyElementsOf(seqs(1, 23));
		assertThat(all).extracting(AuditRow::subject).startsWith("subject-1", "subject-2").endsWith("subject-23");
		assertThat(all.get(6).resourceId()).isEqualTo("m-7");
		assertThat(Segments.range(this.eu.jdbc(), chain, 4, 12)).extracting(AuditRow::seq)
			.containsExactlyElementsOf(seqs(4, 12));
		// queries: newest first, page by page, and filtered
		List<Long> paged = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> page = AuditQueryController.page(this.eu, chain, filter(null, null, null, cursor, 4));
			page(page).forEach(entry -> paged.add(((Number) entry.get("seq")).longValue()));
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);
		List<Long> newestFirst = seqs(1, 23);
		java.util.Collections.reverse(newestFirst);
		assertThat(paged).containsExactlyElementsOf(newestFirst);
		assertThat(page(AuditQueryController.page(this.eu, chain, filter("subject-7", null, null, null, 10))))
			.singleElement()
			.satisfies(entry -> assertThat(entry.get("seq")).isEqualTo(7L));
		assertThat(page(AuditQueryController.page(this.eu, chain, filter(null, "message.read", null, null, 100))))
			.extracting(entry -> entry.get("seq"))
			.containsExactly(22L, 20L, 18L, 16L, 14L, 12L, 10L, 8L, 6L, 4L, 2L);
		Instant seventh = all.get(6).at();
		Instant twelfth = all.get(11).at();
		assertThat(Segments.timed(this.eu.jdbc(), chain, seventh, twelfth.plusMillis(1))).containsExactly(
				firstAtOrAfter(all, seventh), lastBefore(all, twelfth.plusMillis(1)));
		assertThat(page(AuditQueryController.page(this.eu, chain,
				new AuditQueryController.Filter(seventh, twelfth.plusMillis(1), null, null, null, null, null, 100))))
			.extracting(entry -> ((Number) entry.get("seq")).longValue())
			.containsExactlyElementsOf(all.stream()
				.filter(row -> !row.at().isBefore(seventh) && !row.at().isAfter(twelfth))
				.map(AuditRow::seq)
				.sorted(java.util.Comparator.reverseOrder())
				.toList());
		assertThat(Segments.hashAt(this.eu.jdbc(), chain, 10)).isEqualTo(all.get(9).hash());
		assertThat(Segments.withHash(this.eu.jdbc(), chain, all.get(9).hash())).containsExactly(10L);
		assertThat(Segments.first(this.eu.jdbc(), chain, 3, 100)).isEqualTo(3);
		assertThat(Segments.last(this.eu.jdbc(), chain, 0)).isEqualTo(23);
		// two more: 25 seals 21 to 25
		for (int i = 24; i <= 25; i++) {
			this.trail.tenant(AuditEvent.success(AuditActor.system(), UUID.fromString(chain), "message.read", "message",
					"m-" + i));
		}
		assertThat(segments(chain)).hasSize(5).last().isEqualTo(new long[] { 21, 25 });
		assertThat(rows(chain)).isZero();
		assertThat(this.verifier.verify(this.eu, chain)).satisfies(report -> {
			assertThat(report.intact()).isTrue();
			assertThat(report.entries()).isEqualTo(25);
			assertThat(report.checkpoints()).isEqualTo(5);
		});
	}

	@Test
	void theDatabase_refusesChangesToSegments_andToEntriesNotSealed() {
		String chain = chainOf("refuses-sealed", 7);
		JdbcClient jdbc = this.eu.jdbc();
		if (postgres()) {
			// the application's role has given up UPDATE and TRUNCATE (it keeps DELETE, for archives)
			assertThatThrownBy(() -> jdbc.sql("update audit_segment set to_seq = 4 where chain = :chain")
				.param("chain", chain)
				.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
			assertThatThrownBy(() -> jdbc.sql("truncate audit_segment").update()).isInstanceOf(DataAccessException.class)
				.hasStackTraceContaining("permission denied");
			jdbc.sql("grant update on audit_segment to current_user").update();
		}
		try {
			assertThatThrownBy(() -> jdbc.sql("update audit_segment set to_seq = 4 where chain = :chain")
				.param("chain", chain)
				.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
			assertThatThrownBy(() -> jdbc.sql("delete from audit_segment where chain = :chain")
				.param("chain", chain)
				.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
			if (!postgres()) {
				assertThatThrownBy(() -> jdbc.sql("truncate table audit_segment").update())
					.isInstanceOf(DataAccessException.class);
			}
			// entry 6 is a row, and no segment holds it
			assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where chain = :chain and seq = 6")
				.param("chain", chain)
				.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
		}
		finally {
			if (postgres()) {
				jdbc.sql("revoke update on audit_segment from current_user").update();
			}
		}
		assertThat(this.verifier.verify(this.eu, chain).intact()).isTrue();
	}

	@Test
	void anEntryModifiedInASegment_isNamed_withOrWithoutItsHashRecomputed() {
		String chain = chainOf("sealed-modified", 12);
		assertThat(tamperEntries(chain, 10, rows -> {
			rows.set(2, with(rows.get(2), "m-forged", rows.get(2).hash()));
			return rows;
		})).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(8);
			assertThat(problem.kind()).isEqualTo("modified");
		});
		String rehashed = chainOf("sealed-rehashed", 12);
		// the last entry of a segment, its hash recomputed: the segment is whole by itself, and
		// only the entry after it, in the next window, shows the change
		assertThat(tamperEntries(rehashed, 5, rows -> {
			AuditRow last = rows.get(4);
			rows.set(4, with(last, "m-forged", with(last, "m-forged", null).hash(last.prevHash())));
			return rows;
		})).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(5);
			assertThat(problem.kind()).isEqualTo("modified");
		});
	}

	@Test
	void anEntryDeletedFromASegment_orASegmentGone_isNamed() {
		String middle = chainOf("sealed-deleted", 12);
		assertThat(tamperEntries(middle, 10, rows -> {
			rows.remove(1);
			return rows;
		})).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(7);
			assertThat(problem.kind()).isEqualTo("deleted");
		});
		String gone = chainOf("sealed-gone", 12);
		assertThat(tamper(gone, () -> this.eu.jdbc()
			.sql("delete from audit_segment where chain = :chain and to_seq = 5")
			.param("chain", gone)
			.update())).satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(1);
				assertThat(problem.kind()).isEqualTo("deleted");
			});
	}

	@Test
	void entriesReorderedInASegment_areNamed() {
		String chain = chainOf("sealed-reordered", 12);
		// entries 7 and 8 swap places, each taking the other's sequence number
		assertThat(tamperEntries(chain, 10, rows -> {
			AuditRow seventh = rows.get(1);
			AuditRow eighth = rows.get(2);
			rows.set(1, renumbered(eighth, 7));
			rows.set(2, renumbered(seventh, 8));
			return rows;
		})).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(7);
			assertThat(problem.kind()).isEqualTo("reordered");
		});
	}

	@Test
	void anEntryInsertedIntoASegment_orBesideIt_isNamed() {
		String chain = chainOf("sealed-inserted", 12);
		// a forged entry 8 chained onto 7, and the entries after it numbered on, within the range
		// the segment names (the last falls out)
		assertThat(tamperEntries(chain, 10, rows -> {
			List<AuditRow> forged = new ArrayList<>(rows.subList(0, 2));
			AuditRow draft = with(renumbered(rows.get(2), 8), "m-forged", null);
			forged.add(with(draft, "m-forged", draft.hash(rows.get(1).hash())));
			for (AuditRow row : rows.subList(2, rows.size() - 1)) {
				forged.add(renumbered(row, row.seq() + 1));
			}
			return forged;
		})).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(8);
			assertThat(problem.kind()).isEqualTo("inserted");
		});
		String beside = chainOf("sealed-beside", 12);
		AuditRow third = Segments.range(this.eu.jdbc(), beside, 3, 3).get(0);
		assertThat(tamper(beside, () -> with(third, "m-forged", third.hash()).insert(this.eu.jdbc()))).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(3);
			assertThat(problem.kind()).isEqualTo("inserted");
		});
	}

	/**
	 * Whoever can insert rows adds a segment that names entry 11 (a row) and holds a forged
	 * entry 5,000: a reader of entries 11 to 5,000 would show it. Verification, which reads the
	 * segment for entry 11, names it.
	 */
	@Test
	void aSegmentHoldingAnEntryOutsideTheRangeItNames_isNamed() {
		String chain = chainOf("sealed-outside", 12);
		AuditRow eleventh = Segments.range(this.eu.jdbc(), chain, 11, 11).get(0);
		AuditRow forged = renumbered(with(eleventh, "m-forged", null), 5000);
		Segments.Segment segment = new Segments.Segment(chain, 11, 11, forged.at(), forged.at(),
				SegmentFormat.encode(List.of(with(forged, "m-forged", forged.hash(eleventh.hash())))));
		assertThat(tamper(chain, () -> this.eu.jdbc()
			.sql("insert into audit_segment (chain, from_seq, to_seq, min_at, max_at, entries) "
					+ "values (:chain, 11, 11, :at, :at, :entries)")
			.param("chain", chain)
			.param("at", SqlTime.ts(forged.at()))
			.param("entries", segment.entries())
			.update())).satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(11);
				assertThat(problem.kind()).isEqualTo("modified");
				assertThat(problem.detail()).contains("outside that range");
			});
	}

	/**
	 * The entries after a chain's last checkpoint are signed by nothing yet. Whoever can insert
	 * rows puts a segment over them that holds rewritten entries: the database still refuses to
	 * delete the originals, since the segment does not end at a checkpoint; with a checkpoint
	 * forged there, it deletes them, and verification names the unsigned checkpoint.
	 */
	@Test
	void aSegmentOverTheUnsignedEndOfAChain_deletesNothing() {
		String chain = chainOf("sealed-tail", 12);
		List<AuditRow> tail = Segments.range(this.eu.jdbc(), chain, 11, 12);
		AuditRow first = with(tail.get(0), "m-forged", null);
		first = with(first, "m-forged", first.hash(first.prevHash()));
		AuditRow second = with(tail.get(1), "m-forged", null);
		second = new AuditRow(chain, 12, second.at(), second.actorType(), second.actorId(), second.tenantId(),
				second.action(), second.resourceType(), "m-forged", second.subject(), second.outcome(), second.reason(),
				second.sourceAddress(), second.userAgent(), second.requestId(), first.hash(), null);
		second = with(second, "m-forged", second.hash(first.hash()));
		JdbcClient jdbc = this.eu.jdbc();
		jdbc.sql("insert into audit_segment (chain, from_seq, to_seq, min_at, max_at, entries) "
				+ "values (:chain, 11, 12, :min, :max, :entries)")
			.param("chain", chain)
			.param("min", SqlTime.ts(tail.get(0).at()))
			.param("max", SqlTime.ts(tail.get(1).at()))
			.param("entries", SegmentFormat.encode(List.of(first, second)))
			.update();
		assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where chain = :chain and seq >= 11")
			.param("chain", chain)
			.update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
		jdbc.sql("insert into audit_checkpoint (chain, seq, head_hash, at, signature) values (:chain, 12, :hash, "
				+ "current_timestamp, 'AAAA')")
			.param("chain", chain)
			.param("hash", second.hash())
			.update();
		assertThat(jdbc.sql("delete from audit_entry where chain = :chain and seq >= 11")
			.param("chain", chain)
			.update()).isEqualTo(2);
		jdbc.sql("update audit_head set hash = :hash where chain = :chain")
			.param("hash", second.hash())
			.param("chain", chain)
			.update();
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).isFalse();
		assertThat(report.problem().detail()).contains("not signed");
	}

	@Test
	void theTimesASegmentNames_andBytesThatAreNoSegment_areNamed() {
		String times = chainOf("sealed-times", 12);
		assertThat(tamper(times, () -> this.eu.jdbc()
			.sql("update audit_segment set max_at = :at where chain = :chain and to_seq = 10")
			.param("at", SqlTime.ts(Instant.parse("2020-01-01T00:00:00Z")))
			.param("chain", times)
			.update())).satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(6);
				assertThat(problem.kind()).isEqualTo("modified");
			});
		String garbage = chainOf("sealed-garbage", 12);
		assertThat(tamper(garbage, () -> this.eu.jdbc()
			.sql("update audit_segment set entries = :bytes where chain = :chain and to_seq = 5")
			.param("bytes", new byte[] { 0, 0, 0, 9, 'n', 'o', 't', ' ', 'a', ' ', 's', 'e', 'g' })
			.param("chain", garbage)
			.update())).satisfies(problem -> {
				assertThat(problem.seq()).isEqualTo(1);
				assertThat(problem.kind()).isEqualTo("modified");
				assertThat(problem.detail()).contains("do not decode");
			});
	}

	/**
	 * The fast pass checks a window that one segment holds over its bytes as stored, without
	 * decoding an entry: it finds the segment whole as written, and not whole after any change
	 * that the entry-by-entry check finds.
	 */
	@Test
	void theCheckOverASegmentsBytes_findsWhatTheEntryByEntryCheckFinds() {
		String chain = chainOf("sealed-bytes", 10);
		Segments.Segment segment = Segments.overlapping(this.eu.jdbc(), chain, 6, 10).get(0);
		List<AuditRow> entries = SegmentFormat.decode(segment);
		SeenHashes seen = new SeenHashes(new long[] { 8, 10, 11 });
		assertThat(SegmentFormat.stretch(segment, 6, 10, seen)).isEqualTo(
				new ChainWindows.Stretch(entries.get(0).prevHash(), entries.get(4).hash()));
		// the hashes at the checkpoints asked for, for the check against them
		assertThat(seen.at(8)).isEqualTo(entries.get(2).hash());
		assertThat(seen.at(10)).isEqualTo(entries.get(4).hash());
		assertThat(seen.at(9)).isNull();
		assertThat(seen.at(11)).isNull();
		assertThat(SegmentFormat.stretch(segment, 5, 10, SeenHashes.none())).as("another window").isNull();
		List<UnaryOperator<List<AuditRow>>> changes = List.of(rows -> {
			rows.set(1, with(rows.get(1), "m-forged", rows.get(1).hash())); // modified
			return rows;
		}, rows -> {
			AuditRow last = rows.get(4); // modified, its hash recomputed: the next window shows it
			rows.set(4, with(last, "m-forged", with(last, "m-forged", null).hash(last.prevHash())));
			return rows.subList(0, 4);
		}, rows -> {
			rows.remove(2); // deleted
			return rows;
		}, rows -> {
			AuditRow seventh = rows.get(1); // reordered
			rows.set(1, renumbered(rows.get(2), 7));
			rows.set(2, renumbered(seventh, 8));
			return rows;
		}, rows -> {
			rows.add(2, rows.get(2)); // there twice
			return rows;
		});
		for (UnaryOperator<List<AuditRow>> change : changes) {
			List<AuditRow> changed = change.apply(new ArrayList<>(entries));
			Segments.Segment forged = new Segments.Segment(chain, 6, 10, segment.minAt(), segment.maxAt(),
					SegmentFormat.encode(changed));
			boolean wholeEntryByEntry;
			try {
				List<AuditRow> decoded = SegmentFormat.decode(forged);
				wholeEntryByEntry = decoded.size() == 5 && java.util.stream.IntStream.range(0, 5)
					.allMatch(i -> decoded.get(i).seq() == 6 + i && decoded.get(i).computedHash().equals(decoded.get(i).hash())
							&& (i == 0 || decoded.get(i).prevHash().equals(decoded.get(i - 1).hash())));
			}
			catch (Segments.Damaged damaged) {
				wholeEntryByEntry = false;
			}
			ChainWindows.Stretch stretch = SegmentFormat.stretch(forged, 6, 10, SeenHashes.none());
			if (changed.size() == 4) {
				// whole by itself up to entry 9: it ends at 9, not at 10
				assertThat(stretch).isNull();
				continue;
			}
			assertThat(wholeEntryByEntry).isFalse();
			assertThat(stretch).isNull();
		}
		assertThat(SegmentFormat.stretch(new Segments.Segment(chain, 6, 10, segment.minAt(), segment.maxAt().plusMillis(1),
				segment.entries()), 6, 10, SeenHashes.none())).as("the times the segment names").isNull();
		assertThat(SegmentFormat.stretch(new Segments.Segment("another", 6, 10, segment.minAt(), segment.maxAt(),
				segment.entries()), 6, 10, SeenHashes.none())).as("moved to another chain").isNull();
		assertThat(SegmentFormat.stretch(new Segments.Segment(chain, 6, 10, segment.minAt(), segment.maxAt(),
				java.util.Arrays.copyOf(segment.entries(), segment.entries().length - 1)), 6, 10, SeenHashes.none())).as("cut short").isNull();
	}

	/**
	 * Verification reads a long chain in windows of 1,000 entries with several threads: a
	 * segment of entries 1 to 1,000 whose last entry was rewritten with a recomputed hash is
	 * whole by itself, and only the join with the next window shows it.
	 */
	@Test
	void aSegmentRewrittenAtTheJoinOfTwoWindows_isNamed() {
		String chain = chainOf("sealed-windows", 2100);
		assertThat(segments(chain)).hasSize(420);
		assertThat(tamperEntries(chain, 1000, rows -> {
			AuditRow last = rows.get(4);
			rows.set(4, with(last, "m-forged", with(last, "m-forged", null).hash(last.prevHash())));
			return rows;
		})).satisfies(problem -> {
			assertThat(problem.seq()).isEqualTo(1000);
			assertThat(problem.kind()).isEqualTo("modified");
		});
	}

	/**
	 * Rewrites the entries of the segment ending at {@code toSeq}, and the times it names to
	 * match, as whoever rewrites them would; then verifies the chain.
	 */
	private AuditVerifier.Break tamperEntries(String chain, long toSeq, UnaryOperator<List<AuditRow>> change) {
		Segments.Segment segment = Segments.overlapping(this.eu.jdbc(), chain, toSeq, toSeq).get(0);
		List<AuditRow> changed = change.apply(new ArrayList<>(SegmentFormat.decode(segment)));
		byte[] forged = SegmentFormat.encode(changed);
		Instant min = changed.stream().map(AuditRow::at).min(Instant::compareTo).orElseThrow();
		Instant max = changed.stream().map(AuditRow::at).max(Instant::compareTo).orElseThrow();
		return tamper(chain, () -> this.eu.jdbc()
			.sql("update audit_segment set entries = :bytes, min_at = :min, max_at = :max where chain = :chain "
					+ "and to_seq = :to")
			.param("bytes", forged)
			.param("min", SqlTime.ts(min))
			.param("max", SqlTime.ts(max))
			.param("chain", chain)
			.param("to", toSeq)
			.update());
	}

	private AuditVerifier.Break tamper(String chain, Runnable change) {
		AppendOnlyGuards.liftedSegments(this.eu.jdbc(), postgres(), change);
		AuditVerifier.ChainReport report = this.verifier.verify(this.eu, chain);
		assertThat(report.intact()).as("verification after the change").isFalse();
		return report.problem();
	}

	private static AuditRow with(AuditRow row, String resourceId, String hash) {
		return new AuditRow(row.chain(), row.seq(), row.at(), row.actorType(), row.actorId(), row.tenantId(),
				row.action(), row.resourceType(), resourceId, row.subject(), row.outcome(), row.reason(),
				row.sourceAddress(), row.userAgent(), row.requestId(), row.prevHash(), hash);
	}

	private static AuditRow renumbered(AuditRow row, long seq) {
		return new AuditRow(row.chain(), seq, row.at(), row.actorType(), row.actorId(), row.tenantId(), row.action(),
				row.resourceType(), row.resourceId(), row.subject(), row.outcome(), row.reason(), row.sourceAddress(),
				row.userAgent(), row.requestId(), row.prevHash(), row.hash());
	}

	private static AuditQueryController.Filter filter(String subject, String action, String actor, String cursor,
			int limit) {
		return new AuditQueryController.Filter(null, null, actor, action, subject, null,
				cursor == null ? null : Long.parseLong(cursor), limit);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> page(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("entries");
	}

	private static List<Long> seqs(long from, long to) {
		List<Long> seqs = new ArrayList<>();
		for (long seq = from; seq <= to; seq++) {
			seqs.add(seq);
		}
		return seqs;
	}

	private static long firstAtOrAfter(List<AuditRow> rows, Instant at) {
		return rows.stream().filter(row -> !row.at().isBefore(at)).mapToLong(AuditRow::seq).min().orElseThrow();
	}

	private static long lastBefore(List<AuditRow> rows, Instant at) {
		return rows.stream().filter(row -> row.at().isBefore(at)).mapToLong(AuditRow::seq).max().orElseThrow();
	}

}
