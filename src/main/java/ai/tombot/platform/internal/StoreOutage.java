package ai.tombot.platform.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that means a store could not be reached or lost its connection (the
 * database is down, restarting or unreachable, or no connection came free in time), as opposed
 * to a bug. Such a request is answered 503 with Retry-After: the client may try again, and
 * Tombot's writes that carry an idempotency key are safe to repeat even when the store went
 * away during the commit.
 */
final class StoreOutage {

	private StoreOutage() {
	}

	static boolean causedBy(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 20; depth++) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
				return true;
			}
			// SQL state class 08: connection exception; 57P01-57P03: the server is shutting
			// down, crashed or not yet accepting connections.
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			// A rollback that failed because the connection had already been lost: the
			// failure that made the transaction roll back is the one that tells.
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& rollback.getApplicationException() != failure && causedBy(rollback.getApplicationException())) {
				return true;
			}
			cause = cause.getCause() == cause ? null : cause.getCause();
		}
		return false;
	}

	/** The class names along the cause chain, for a log line without messages (which may quote data). */
	static String describe(Throwable failure) {
		StringBuilder chain = new StringBuilder();
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 5; depth++) {
			if (chain.length() > 0) {
				chain.append(" <- ");
			}
			chain.append(cause.getClass().getSimpleName());
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				chain.append(" (SQL state ").append(sql.getSQLState()).append(')');
			}
			cause = cause.getCause() == cause ? null : cause.getCause();
		}
		return chain.toString();
	}

}
