package ai.tombot.platform.internal;

import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A store's {@link JdbcTemplate}: gives each statement of a transaction the transaction's
 * remaining time as its query timeout, as Spring's does, but leaves the timeout alone when the
 * statement already has that value.
 * <p>
 * Why: H2 keeps the query timeout per connection, and its {@code Statement.setQueryTimeout}
 * runs {@code SET QUERY_TIMEOUT}, which, as every {@code SET} does, marks the database's
 * metadata changed: every session's cached statements are then parsed and planned again.
 * Spring sets the timeout before every statement of a transaction, so on H2 nearly every
 * statement was parsed anew (a fifth of the CPU of a message's ingest). Here a transaction's
 * statements on one H2 connection set it once while the remaining whole seconds stay the same.
 * PostgreSQL's driver keeps the timeout per statement (0 on a new one): it is set as before.
 */
final class StoreJdbcTemplate extends JdbcTemplate {

	StoreJdbcTemplate(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void applyStatementSettings(Statement stmt) throws SQLException {
		// this template sets no fetch size, row limit or query timeout of its own (all -1)
		if (getFetchSize() != -1 || getMaxRows() != -1 || getQueryTimeout() != -1) {
			super.applyStatementSettings(stmt);
			return;
		}
		DataSource dataSource = getDataSource();
		ConnectionHolder holder = dataSource == null ? null
				: (ConnectionHolder) TransactionSynchronizationManager.getResource(dataSource);
		if (holder != null && holder.hasTimeout()) {
			// throws TransactionTimedOutException once the deadline has passed, as Spring's does
			int remaining = holder.getTimeToLiveInSeconds();
			if (stmt.getQueryTimeout() != remaining) {
				stmt.setQueryTimeout(remaining);
			}
		}
	}

}
