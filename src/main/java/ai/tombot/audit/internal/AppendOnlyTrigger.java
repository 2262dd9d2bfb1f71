package ai.tombot.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * H2's half of the append-only rule: refuses every UPDATE and DELETE of an audit entry
 * (see the migration {@code V*__audit_append_only.sql} of each store kind).
 */
public class AppendOnlyTrigger implements Trigger {

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		throw new SQLException("audit entries are append-only (" + (newRow == null ? "DELETE" : "UPDATE") + " refused)",
				"42501");
	}

}
