package ai.tombot.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * H2's half of the append-only rule (see the migrations {@code V*__audit_*append_only.sql}
 * and {@code V*__audit_archive_prune.sql} of each store kind): refuses every change of the
 * rows of the table it guards, except the DELETE of an audit entry older than 90 days that an
 * {@code audit_archive} row covers (retention: archived entries are pruned).
 */
public class AppendOnlyTrigger implements Trigger {

	private boolean entries;

	@Override
	public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
			int type) {
		this.entries = "AUDIT_ENTRY".equalsIgnoreCase(tableName);
	}

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		String operation = oldRow == null ? "INSERT" : newRow == null ? "DELETE" : "UPDATE";
		if (this.entries && newRow == null && archived(connection, (String) oldRow[0], ((Number) oldRow[1]).longValue(),
				oldRow[2])) {
			return;
		}
		throw new SQLException("audit records are append-only; only archived entries older than 90 days are deleted ("
				+ operation
				+ " refused)", "42501");
	}

	/**
	 * Whether an archive record covers the entry and the entry is older than 90 days by the
	 * database's clock, as PostgreSQL's trigger reads it: the latest three months stay.
	 */
	private static boolean archived(Connection connection, String chain, long seq, Object at) {
		try (PreparedStatement query = connection.prepareStatement("select count(*) from audit_archive where chain = ? "
				+ "and ? between from_seq and to_seq and ? < dateadd(day, -90, current_timestamp)")) {
			query.setString(1, chain);
			query.setLong(2, seq);
			query.setObject(3, at);
			try (ResultSet result = query.executeQuery()) {
				return result.next() && result.getLong(1) > 0;
			}
		}
		catch (SQLException ex) {
			return false; // no archive table yet: nothing is archived
		}
	}

}
