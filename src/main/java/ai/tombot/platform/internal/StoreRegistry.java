package ai.tombot.platform.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/** The opened stores by name: {@code control} and one per region. */
final class StoreRegistry implements Stores {

	static final int TRANSACTION_TIMEOUT_SECONDS = 30;

	private final Map<String, Store> stores = new LinkedHashMap<>();

	private final Map<String, DataSource> dataSources;

	private final Set<String> regions;

	StoreRegistry(Map<String, ? extends DataSource> dataSources) {
		this.dataSources = Collections.unmodifiableMap(new LinkedHashMap<>(dataSources));
		dataSources.forEach((name, dataSource) -> {
			TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			// A stalled database must not hold connections (of this or another store) forever.
			tx.setTimeout(TRANSACTION_TIMEOUT_SECONDS);
			this.stores.put(name, new Store(name, JdbcClient.create(new StoreJdbcTemplate(dataSource)), tx));
		});
		Set<String> names = new TreeSet<>(dataSources.keySet());
		names.remove("control");
		this.regions = Collections.unmodifiableSet(names);
	}

	@Override
	public Store control() {
		return this.stores.get("control");
	}

	@Override
	public Store region(String region) {
		if (region == null || !this.regions.contains(region)) {
			throw new UnknownRegionException(region, this.regions);
		}
		return this.stores.get(region);
	}

	@Override
	public Set<String> regions() {
		return this.regions;
	}

	/** Every store's pool by store name, control first. */
	Map<String, DataSource> dataSources() {
		return this.dataSources;
	}

}
