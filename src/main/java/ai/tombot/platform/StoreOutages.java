package ai.tombot.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that means a store could not be reached or lost its connection (the
 * database is down, restarting or unreachable, or no connection came free in time), as opposed
 * to a bug or a broken store. Such a request is answered 503 with Retry-After. Deliberately
 * narrow: a full disk, a corrupted file, a program limit or a protocol violation is not an
 * outage to wait out, and stays an error with an incident id in the log.
 */
public final class StoreOutages {

	/**
	 * SQL states of a lost or refused connection: 08001 (cannot connect), 08003 (no
	 * connection), 08004 (connection rejected), 08006 (connection failure, e.g. PostgreSQL's
	 * "I/O error while sending to the backend"), 57P01 to 57P03 (the server is shutting down,
	 * crashed, or does not accept connections yet).
	 */
	private static final Set<String> CONNECTION_STATES = Set.of("08001", "08003", "08004", "08006", "57P01", "57P02",
			"57P03");

	private StoreOutages() {
	}

	public static boolean causedBy(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 20; depth++) {
			// HikariCP's "Connection is not available, request timed out": no connection in time
			if (cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& CONNECTION_STATES.contains(sql.getSQLState())) {
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

	/** The class names and SQL states along the cause chain, for a log line without messages (which may quote data). */
	public static String describe(Throwable failure) {
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
