package ai.tombot.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * H2's half of the append-only rule (see the migrations {@code V*__audit_*append_only.sql}
 * and {@code V*__audit_archive_prune.sql} of each store kind): refuses every change of the
 * rows of the table it guards, except the DELETE of an audit entry that an
 * {@code audit_segment} row ending at a checkpoint holds (its writer seals it, see
 * {@link Segments}), and the DELETE of an audit entry or segment older than 90 days that an
 * {@code audit_archive} row covers (retention: archived entries are pruned).
 */
public class AppendOnlyTrigger implements Trigger {

	/**
	 * The entries this thread's writer is sealing at the moment, in the transaction that has just
	 * written their segment (see {@link #sealing}); null otherwise.
	 */
	private static final ThreadLocal<Sealing> SEALING = new ThreadLocal<>();

	private record Sealing(String chain, long from, long to) {
	}

	private boolean entries;

	private boolean segments;

	@Override
	public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
			int type) {
		this.entries = "AUDIT_ENTRY".equalsIgnoreCase(tableName);
		this.segments = "AUDIT_SEGMENT".equalsIgnoreCase(tableName);
	}

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		String operation = oldRow == null ? "INSERT" : newRow == null ? "DELETE" : "UPDATE";
		if (this.entries && newRow == null) {
			String chain = (String) oldRow[0];
			long seq = ((Number) oldRow[1]).longValue();
			// sealed first: a writer seals a thousand entries at once, and each asks here
			Sealing sealing = SEALING.get();
			if ((sealing != null && sealing.chain().equals(chain) && seq >= sealing.from() && seq <= sealing.to())
					|| sealed(connection, chain, seq) || archived(connection, chain, seq, seq, oldRow[2])) {
				return;
			}
		}
		// audit_segment's columns: chain, from_seq, to_seq, min_at, max_at, entries
		if (this.segments && newRow == null && archived(connection, (String) oldRow[0],
				((Number) oldRow[1]).longValue(), ((Number) oldRow[2]).longValue(), oldRow[4])) {
			return;
		}
		throw new SQLException("audit records are append-only; only sealed entries, and archived entries older "
				+ "than 90 days, are deleted (" + operation + " refused)", "42501");
	}

	/**
	 * Runs {@code delete}, the DELETE of entries {@code from} to {@code to} of the chain that
	 * {@link Segments#seal} runs in this thread, in the transaction that has just written their
	 * segment at a signed checkpoint: the trigger, which an embedded H2 runs in the thread of
	 * the statement, lets them through without asking the store for each of them (that query
	 * was most of what sealing cost). Any other DELETE, and one an H2 server runs in a thread of
	 * its own, is checked as before.
	 */
	static int sealing(String chain, long from, long to, java.util.function.IntSupplier delete) {
		SEALING.set(new Sealing(chain, from, to));
		try {
			return delete.getAsInt();
		}
		finally {
			SEALING.remove();
		}
	}

	/**
	 * Whether an archive record covers entries {@code from} to {@code to} of the chain, and
	 * {@code at} is older than 90 days by the database's clock, as PostgreSQL's trigger reads
	 * it: the latest three months stay.
	 */
	private static boolean archived(Connection connection, String chain, long from, long to, Object at) {
		try (PreparedStatement query = connection.prepareStatement("select count(*) from audit_archive where chain = ? "
				+ "and from_seq <= ? and to_seq >= ? and ? < dateadd(day, -90, current_timestamp)")) {
			query.setString(1, chain);
			query.setLong(2, from);
			query.setLong(3, to);
			query.setObject(4, at);
			try (ResultSet result = query.executeQuery()) {
				return result.next() && result.getLong(1) > 0;
			}
		}
		catch (SQLException ex) {
			return false; // no archive table yet: nothing is archived
		}
	}

	/**
	 * Whether a segment that ends at a checkpoint holds the entry (its writer seals it). The
	 * segment that could hold it is the first to end at or after it: one probe of the index
	 * {@code (chain, to_seq, from_seq, …)}, whatever the chain's length. A checkpoint at its end
	 * is needed, so that no one seals (and so deletes) the unsigned end of a chain.
	 */
	private static boolean sealed(Connection connection, String chain, long seq) {
		try (PreparedStatement query = connection.prepareStatement("select s.from_seq, (select count(*) "
				+ "from audit_checkpoint c where c.chain = s.chain and c.seq = s.to_seq) from audit_segment s "
				+ "where s.chain = ? and s.to_seq >= ? order by s.to_seq limit 1")) {
			query.setString(1, chain);
			query.setLong(2, seq);
			try (ResultSet result = query.executeQuery()) {
				return result.next() && result.getLong(1) <= seq && result.getLong(2) > 0;
			}
		}
		catch (SQLException ex) {
			return false; // no segment table yet: nothing is sealed
		}
	}

}
