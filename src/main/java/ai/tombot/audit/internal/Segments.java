package ai.tombot.audit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.platform.SqlTime;

/**
 * Sealed segments of a chain: every {@code tombot.audit.seal-every}th entry, its writer packs
 * the entries since the last segment (or archive) into one {@code audit_segment} row and
 * deletes their rows from {@code audit_entry}, in the entry's transaction. A segment holds
 * each entry as the bytes its hash covers, so verification hashes them as stored, and a
 * store reads one row for a thousand entries rather than a thousand rows: on H2 a row costs
 * several times the hashing of its entry (see docs/performance.md). The entries stay what
 * they were: every reader of a chain gets them through {@link #range}, from the segments and
 * the rows that are not sealed yet alike. A segment's bytes are {@link SegmentFormat}'s.
 */
final class Segments {

	/**
	 * Entries a segment holds at most: {@code seal-every} and {@code checkpoint-every} (at most
	 * 10,000 each) together. A segment that spans more, someone else wrote: readers do not find
	 * it, and verification names its entries missing.
	 */
	static final long MAX_ENTRIES = 20_000;

	/** Later than any entry: a bound for the times a segment names, where none is asked for. */
	static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

	private Segments() {
	}

	/** A stored segment, its entries undecoded. */
	record Segment(String chain, long fromSeq, long toSeq, Instant minAt, Instant maxAt, byte[] entries) {
	}

	/** A segment whose bytes are not what a writer makes, or whose columns do not match them. */
	static final class Damaged extends RuntimeException {

		private final long seq;

		Damaged(long seq, String detail) {
			super(detail);
			this.seq = seq;
		}

		/** The first entry of the damaged segment. */
		long seq() {
			return this.seq;
		}

	}

	/**
	 * Seals entries {@code from} to {@code to} of the chain, when they are all rows: one segment
	 * for them, and their rows deleted (the append-only trigger lets the DELETE of a sealed entry
	 * through). In the caller's transaction, which holds the chain's head lock.
	 *
	 * @return whether it sealed them; false when they are not all there as rows
	 */
	static boolean seal(JdbcClient jdbc, String chain, long from, long to) {
		if (to - from + 1 > MAX_ENTRIES) {
			throw new IllegalArgumentException("a segment holds at most " + MAX_ENTRIES + " entries");
		}
		List<AuditRow> rows = rows(jdbc, chain, from, to);
		if (rows.size() != to - from + 1) {
			return false; // e.g. rows from before segments: they stay rows
		}
		Instant min = rows.get(0).at();
		Instant max = min;
		for (AuditRow row : rows) {
			min = row.at().isBefore(min) ? row.at() : min;
			max = row.at().isAfter(max) ? row.at() : max;
		}
		jdbc.sql("insert into audit_segment (chain, from_seq, to_seq, min_at, max_at, entries) "
				+ "values (:chain, :from, :to, :min, :max, :entries)")
			.param("chain", chain)
			.param("from", from)
			.param("to", to)
			.param("min", SqlTime.ts(min))
			.param("max", SqlTime.ts(max))
			.param("entries", SegmentFormat.encode(rows))
			.update();
		int deleted = AppendOnlyTrigger.sealing(chain, from, to,
				() -> jdbc.sql("delete from audit_entry where chain = :chain and seq >= :from and seq <= :to")
					.param("chain", chain)
					.param("from", from)
					.param("to", to)
					.update());
		if (deleted != rows.size()) {
			throw new IllegalStateException("sealed " + rows.size() + " entries but deleted " + deleted);
		}
		return true;
	}

	/**
	 * Entries {@code from} to {@code to} of a chain, in order: those of its segments and its
	 * rows. The rows are read first: a writer that seals entries meanwhile commits their
	 * segment before the segments are read, so no entry is missed; an entry then read twice,
	 * alike, is taken once. An entry a segment and a row hold differently is returned twice, for
	 * verification to name.
	 *
	 * @throws Damaged when a segment of the range does not decode or does not match its columns
	 */
	static List<AuditRow> range(JdbcClient jdbc, String chain, long from, long to) {
		List<AuditRow> rows = rows(jdbc, chain, from, to);
		return merged(rows, overlapping(jdbc, chain, from, to), from, to);
	}

	/** The rows (entries not sealed) {@code from} to {@code to} of a chain, in order. */
	static List<AuditRow> rows(JdbcClient jdbc, String chain, long from, long to) {
		return jdbc
			.sql("select " + AuditRow.COLUMNS + " from audit_entry where chain = :chain and seq >= :from "
					+ "and seq <= :to order by seq")
			.param("chain", chain)
			.param("from", from)
			.param("to", to)
			.query(AuditRow.MAPPER)
			.list();
	}

	/**
	 * Entries {@code from} to {@code to} of {@code rows} and {@code segments} (read after them),
	 * in order, as {@link #range} returns them.
	 */
	static List<AuditRow> merged(List<AuditRow> rows, List<Segment> segments, long from, long to) {
		List<AuditRow> sealed = new ArrayList<>();
		for (Segment segment : segments) {
			for (AuditRow row : SegmentFormat.decode(segment)) {
				if (row.seq() >= from && row.seq() <= to) {
					sealed.add(row);
				}
			}
		}
		if (sealed.isEmpty()) {
			return rows;
		}
		if (rows.isEmpty()) {
			return sealed;
		}
		return merge(sealed, rows);
	}

	/**
	 * The segments of a chain that hold any of {@code from} to {@code to}, in order. Which ones
	 * is read from the index {@code audit_segment_range} alone, then each by its key: a store
	 * that reads a segment's large row to compare its range reads every segment before it.
	 */
	static List<Segment> overlapping(JdbcClient jdbc, String chain, long from, long to) {
		return overlapping(jdbc, chain, from, to, Instant.EPOCH, END_OF_TIME);
	}

	/**
	 * The segments of a chain that hold any of {@code from} to {@code to} and an entry timed
	 * from {@code after} (inclusive) to {@code before} (exclusive), by the times they name.
	 */
	static List<Segment> overlapping(JdbcClient jdbc, String chain, long from, long to, Instant after, Instant before) {
		List<Segment> segments = new ArrayList<>();
		for (long end : ends(jdbc, chain, from, to, after, before)) {
			ending(jdbc, chain, end).ifPresent(segments::add); // gone since: the range's readers find it missing
		}
		return segments;
	}

	/**
	 * Where the segments {@link #overlapping(JdbcClient, String, long, long, Instant, Instant)}
	 * returns end, in order, read from the index alone; {@link #ending} reads each.
	 */
	static List<Long> ends(JdbcClient jdbc, String chain, long from, long to, Instant after, Instant before) {
		// to_seq bounded on both sides: the index is read for this range, not to the chain's end
		return jdbc
			.sql("select to_seq from audit_segment where chain = :chain and to_seq >= :from and to_seq <= :far "
					+ "and from_seq <= :to and max_at >= :after and min_at < :before order by to_seq")
			.param("chain", chain)
			.param("from", from)
			.param("far", to > Long.MAX_VALUE - MAX_ENTRIES ? Long.MAX_VALUE : to + MAX_ENTRIES)
			.param("to", to)
			.param("after", SqlTime.ts(after))
			.param("before", SqlTime.ts(before))
			.query(Long.class)
			.list();
	}

	/** The chain's segment that ends at entry {@code end}. */
	static java.util.Optional<Segment> ending(JdbcClient jdbc, String chain, long end) {
		return jdbc
			.sql("select chain, from_seq, to_seq, min_at, max_at, entries from audit_segment where chain = :chain "
					+ "and to_seq = :end")
			.param("chain", chain)
			.param("end", end)
			.query(Segments::segment)
			.optional();
	}

	/** A row selected as {@code chain, from_seq, to_seq, min_at, max_at, entries}. */
	private static Segment segment(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Segment(rs.getString(1), rs.getLong(2), rs.getLong(3), SqlTime.instant(rs, 4), SqlTime.instant(rs, 5),
				rs.getBytes(6));
	}

	/** Both lists, in order of sequence number; an entry in both, alike, once. */
	private static List<AuditRow> merge(List<AuditRow> sealed, List<AuditRow> rows) {
		List<AuditRow> merged = new ArrayList<>(sealed.size() + rows.size());
		int s = 0;
		int r = 0;
		while (s < sealed.size() || r < rows.size()) {
			if (r == rows.size() || (s < sealed.size() && sealed.get(s).seq() < rows.get(r).seq())) {
				merged.add(sealed.get(s++));
			}
			else if (s == sealed.size() || rows.get(r).seq() < sealed.get(s).seq()) {
				merged.add(rows.get(r++));
			}
			else {
				AuditRow one = sealed.get(s++);
				AuditRow other = rows.get(r++);
				merged.add(one);
				if (!one.equals(other)) {
					merged.add(other);
				}
			}
		}
		return merged;
	}

	/** The sequence numbers of a chain's entries whose hash is {@code hash}, in order: rows and segments (a full scan). */
	static List<Long> withHash(JdbcClient jdbc, String chain, String hash) {
		List<Long> found = new ArrayList<>(jdbc
			.sql("select seq from audit_entry where chain = :chain and hash = :hash order by seq")
			.param("chain", chain)
			.param("hash", hash)
			.query(Long.class)
			.list());
		// a segment at a time, so that a long chain is not in memory at once
		for (long after = 0;;) {
			Long next = jdbc.sql("select min(to_seq) from audit_segment where chain = :chain and to_seq > :after")
				.param("chain", chain)
				.param("after", after)
				.query(Long.class)
				.optional()
				.orElse(null);
			if (next == null) {
				break;
			}
			try {
				for (Segment segment : ending(jdbc, chain, next).stream().toList()) {
					for (AuditRow row : SegmentFormat.decode(segment)) {
						if (row.hash().equals(hash)) {
							found.add(row.seq());
						}
					}
				}
			}
			catch (Damaged ignored) {
				// named where the walk reaches it
			}
			after = next;
		}
		found.sort(null);
		return found;
	}

	/** The hash of entry {@code seq}; null when the chain has no such entry. */
	static String hashAt(JdbcClient jdbc, String chain, long seq) {
		List<AuditRow> entry = range(jdbc, chain, seq, seq);
		return entry.isEmpty() ? null : entry.get(0).hash();
	}

	/** The lowest sequence number of the chain's entries from {@code from} to {@code to}; null when none. */
	static Long first(JdbcClient jdbc, String chain, long from, long to) {
		Long row = jdbc.sql("select min(seq) from audit_entry where chain = :chain and seq >= :from and seq <= :to")
			.param("chain", chain)
			.param("from", from)
			.param("to", to)
			.query(Long.class)
			.optional()
			.orElse(null);
		Long sealed = jdbc
			.sql("select min(from_seq) from audit_segment where chain = :chain and to_seq >= :from and from_seq <= :to")
			.param("chain", chain)
			.param("from", from)
			.param("to", to)
			.query(Long.class)
			.optional()
			.map(seq -> Math.max(seq, from))
			.orElse(null);
		if (row == null || sealed == null) {
			return row == null ? sealed : row; // (no ternary over long: it would unbox a null)
		}
		return Math.min(row, sealed);
	}

	/** The highest sequence number of the chain's entries above {@code after}; null when none. */
	static Long last(JdbcClient jdbc, String chain, long after) {
		Long row = jdbc.sql("select max(seq) from audit_entry where chain = :chain and seq > :after")
			.param("chain", chain)
			.param("after", after)
			.query(Long.class)
			.optional()
			.orElse(null);
		Long sealed = jdbc.sql("select max(to_seq) from audit_segment where chain = :chain and to_seq > :after")
			.param("chain", chain)
			.param("after", after)
			.query(Long.class)
			.optional()
			.orElse(null);
		if (row == null || sealed == null) {
			return row == null ? sealed : row;
		}
		return Math.max(row, sealed);
	}

	/**
	 * The lowest and highest sequence numbers of the chain's entries timed from {@code from}
	 * (inclusive) to {@code to} (exclusive): {@code [first, last]}, or null when there are none.
	 */
	static long[] timed(JdbcClient jdbc, String chain, Instant from, Instant to) {
		long[] bounds = jdbc
			.sql("select min(seq), max(seq) from audit_entry where chain = :chain and at >= :from and at < :to")
			.param("chain", chain)
			.param("from", SqlTime.ts(from))
			.param("to", SqlTime.ts(to))
			.query((rs, row) -> rs.getObject(1) == null ? null : new long[] { rs.getLong(1), rs.getLong(2) })
			.list()
			.get(0); // min and max: one row, of nulls when no row is in time
		List<Long> candidates = jdbc
			.sql("select to_seq from audit_segment where chain = :chain and max_at >= :from and min_at < :to "
					+ "order by to_seq")
			.param("chain", chain)
			.param("from", SqlTime.ts(from))
			.param("to", SqlTime.ts(to))
			.query(Long.class)
			.list();
		// the first candidate with an entry in time is the lowest sealed one, the last the highest
		for (int i = 0; i < candidates.size(); i++) {
			long[] found = timedIn(jdbc, chain, candidates.get(i), from, to);
			if (found != null) {
				bounds = bounds == null ? found : new long[] { Math.min(bounds[0], found[0]), bounds[1] };
				break;
			}
		}
		for (int i = candidates.size() - 1; i >= 0; i--) {
			long[] found = timedIn(jdbc, chain, candidates.get(i), from, to);
			if (found != null) {
				bounds = bounds == null ? found : new long[] { bounds[0], Math.max(bounds[1], found[1]) };
				break;
			}
		}
		return bounds;
	}

	/** The lowest and highest entry in time of the segment ending at {@code toSeq}; null when none is. */
	private static long[] timedIn(JdbcClient jdbc, String chain, long toSeq, Instant from, Instant to) {
		long[] found = null;
		for (Segment segment : overlapping(jdbc, chain, toSeq, toSeq)) {
			for (AuditRow row : SegmentFormat.decode(segment)) {
				if (!row.at().isBefore(from) && row.at().isBefore(to)) {
					found = found == null ? new long[] { row.seq(), row.seq() }
							: new long[] { Math.min(found[0], row.seq()), Math.max(found[1], row.seq()) };
				}
			}
		}
		return found;
	}

	/** The last entry a segment of the chain holds; 0 when it has none. */
	static long sealedTo(JdbcClient jdbc, String chain) {
		return jdbc.sql("select coalesce(max(to_seq), 0) from audit_segment where chain = :chain")
			.param("chain", chain)
			.query(Long.class)
			.single();
	}

}
