package ai.tombot.platform.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Has the embedded (H2) stores plan their statements again every 10 seconds.
 * <p>
 * Each H2 connection keeps its parsed statements ({@code QUERY_CACHE_SIZE}, see
 * {@link StoreFactory#embeddedUrl}) with the plan made when each first ran, and plans again
 * only after a change of schema or settings, never because a table grew. A statement first run
 * on a new store's empty tables keeps a plan fit for empty tables: H2 rates all indexes of an
 * empty table alike, and may take a foreign key's one-column index to find a subject's row or
 * a conversation's latest messages, and then walk them all. A {@code SET} of anything counts
 * as a change of settings: one that changes nothing ({@code THROTTLE 0}, the default of the
 * connection it runs on) has every connection plan each statement again on its next run. That
 * costs a few milliseconds every 10 seconds; on a store whose tables no longer change much in
 * size, the plans come out the same.
 */
@Component
class EmbeddedPlans {

	static final String REPLAN = "SET THROTTLE 0";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPlans.class);

	private final StoreConfiguration.OpenStores stores;

	EmbeddedPlans(StoreConfiguration.OpenStores stores) {
		this.stores = stores;
	}

	@Scheduled(initialDelay = 10_000, fixedDelay = 10_000)
	void replan() {
		this.stores.pools().forEach((name, pool) -> {
			if (embedded(pool)) {
				replan(name, pool);
			}
		});
	}

	static boolean embedded(HikariDataSource pool) {
		return pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:h2:");
	}

	private static void replan(String name, HikariDataSource pool) {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(REPLAN);
		}
		catch (SQLException | RuntimeException ex) {
			// the plans stay as they are until the next try; the store's health check reports an outage
			log.debug("Store {} did not take '{}': {}", name, REPLAN, ex.toString());
		}
	}

}
