package ai.tombot.platform.internal;

import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store's statements in a transaction with a timeout keep Spring's timeouts (the remaining
 * time, and a failure once it has passed) without H2 running {@code SET QUERY_TIMEOUT}, and so
 * re-parsing every cached statement, before each one.
 */
class StoreJdbcTemplateTests {

	private Connection connection;

	private SingleConnectionDataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void open() throws Exception {
		this.connection = DriverManager.getConnection("jdbc:h2:mem:store-jdbc-template-" + System.nanoTime());
		this.dataSource = new SingleConnectionDataSource(this.connection, true);
		this.jdbc = JdbcClient.create(new StoreJdbcTemplate(this.dataSource));
		this.jdbc.sql("create table t (id int primary key)").update();
		this.jdbc.sql("SET QUERY_STATISTICS TRUE").update();
	}

	@AfterEach
	void close() throws Exception {
		this.connection.close();
	}

	private TransactionTemplate tx(int timeoutSeconds) {
		TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		tx.setTimeout(timeoutSeconds);
		return tx;
	}

	@Test
	void statementsOfATransaction_onH2_setTheQueryTimeoutOnceToTheRemainingTime() {
		String timeout = tx(30).execute(status -> {
			for (int i = 0; i < 5; i++) {
				this.jdbc.sql("insert into t (id) values (:id)").param("id", i).update();
				this.jdbc.sql("select count(*) from t").query(Long.class).single();
			}
			return this.jdbc.sql("select setting_value from information_schema.settings where setting_name = 'QUERY_TIMEOUT'")
				.query(String.class)
				.single();
		});
		assertThat(timeout).isEqualTo("30000");
		assertThat(this.jdbc.sql("select execution_count from information_schema.query_statistics "
				+ "where sql_statement like 'SET QUERY_TIMEOUT%'").query(Long.class).single()).isOne();
	}

	@Test
	void statementOfATransaction_afterItsDeadline_fails() {
		assertThatThrownBy(() -> tx(1).executeWithoutResult(status -> {
			this.jdbc.sql("insert into t (id) values (1)").update();
			try {
				Thread.sleep(1100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.jdbc.sql("insert into t (id) values (2)").update();
		})).isInstanceOf(TransactionTimedOutException.class);
		assertThat(this.jdbc.sql("select count(*) from t").query(Long.class).single()).isZero();
	}

}
