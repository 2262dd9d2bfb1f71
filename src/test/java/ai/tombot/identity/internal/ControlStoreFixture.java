package ai.tombot.identity.internal;

import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/** A migrated control store in memory, for tests of identity's services without a server. */
final class ControlStoreFixture implements Stores {

	private final Store control;

	ControlStoreFixture() {
		DataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:control-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/control").load().migrate();
		this.control = new Store("control", JdbcClient.create(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
	}

	JdbcClient jdbc() {
		return this.control.jdbc();
	}

	@Override
	public Store control() {
		return this.control;
	}

	@Override
	public Store region(String region) {
		throw new UnknownRegionException(region, Set.of());
	}

	@Override
	public Set<String> regions() {
		return Set.of();
	}

}
