package ai.tombot.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are a store outage (503, try again) and which are not (bugs stay 500s). */
class StoreOutagesTests {

	@Test
	void connectionFailuresAnywhereInTheCauseChain_areOutages() {
		assertThat(StoreOutages.causedBy(new CannotGetJdbcConnectionException("no connection",
				new SQLTransientConnectionException("store-eu - Connection is not available")))).isTrue();
		// PostgreSQL's "I/O error while sending to the backend" (08006) under a failed rollback
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed");
		rollback.initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
		assertThat(StoreOutages.causedBy(rollback)).isTrue();
		// HikariCP closed the broken connection, so the rollback fails on a closed connection
		// (no SQL state); the exception that caused the rollback was the I/O error
		TransactionSystemException overridden = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		overridden.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException(
				"I/O error", new SQLException("An I/O error occurred while sending to the backend.", "08006")));
		assertThat(StoreOutages.causedBy(overridden)).isTrue();
		TransactionSystemException afterBug = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		afterBug.initApplicationException(new IllegalStateException("bug"));
		assertThat(StoreOutages.causedBy(afterBug)).isFalse();
		// terminating connection due to administrator command / crash / not yet accepting connections
		assertThat(StoreOutages.causedBy(new RuntimeException(new SQLException("FATAL", "57P01")))).isTrue();
		assertThat(StoreOutages.causedBy(new RuntimeException(new SQLException("FATAL", "57P03")))).isTrue();
	}

	@Test
	void otherFailures_areNot() {
		assertThat(StoreOutages.causedBy(new DuplicateKeyException("dup"))).isFalse();
		assertThat(StoreOutages.causedBy(new DataIntegrityViolationException("fk", new SQLException("fk", "23503"))))
			.isFalse();
		assertThat(StoreOutages.causedBy(new IllegalStateException("bug"))).isFalse();
		assertThat(StoreOutages.causedBy(new RuntimeException(new SQLException("syntax", "42601")))).isFalse();
		// not outages to wait out: H2's database closed after a panic (e.g. disk full) or a
		// corrupted file, PostgreSQL's program limit, disk full and protocol violation
		assertThat(StoreOutages.causedBy(new java.sql.SQLNonTransientConnectionException("closed", "90098"))).isFalse();
		assertThat(StoreOutages.causedBy(new java.sql.SQLNonTransientConnectionException("corrupt", "90030"))).isFalse();
		assertThat(StoreOutages.causedBy(new org.springframework.dao.DataAccessResourceFailureException("limit",
				new SQLException("too many columns", "54011")))).isFalse();
		assertThat(StoreOutages.causedBy(new RuntimeException(new SQLException("disk full", "53100")))).isFalse();
		assertThat(StoreOutages.causedBy(new RuntimeException(new SQLException("protocol", "08P01")))).isFalse();
	}

	@Test
	void describe_namesClassesAndSqlStates_withoutMessages() {
		String described = StoreOutages.describe(new RuntimeException("select secret from t",
				new SQLException("value 4111111111111111 in message", "08006")));
		assertThat(described).isEqualTo("RuntimeException <- SQLException (SQL state 08006)");
	}

}
