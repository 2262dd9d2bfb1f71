package ai.tombot.platform.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import ai.tombot.platform.Stores;
import ai.tombot.platform.TombotProperties;

/**
 * Opens every store at startup, in order: the control store, then each region. The first
 * store that cannot be opened stops startup with a message naming it; stores opened before
 * it are closed again.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean(destroyMethod = "close")
	OpenStores openStores(TombotProperties properties) {
		refuseMixedStores(properties);
		Map<String, HikariDataSource> opened = new LinkedHashMap<>();
		try {
			opened.put("control", StoreFactory.open("control", StoreFactory.Kind.CONTROL, null, properties.control().store(),
					properties.dataDir()));
			properties.regions().forEach((name, region) -> {
				if (name.equals("control")) {
					throw new StoreStartupException("'control' cannot be the name of a region");
				}
				opened.put(name, StoreFactory.open(name, StoreFactory.Kind.REGION, name, region.store(),
						properties.dataDir()));
			});
		}
		catch (RuntimeException ex) {
			opened.values().forEach(HikariDataSource::close);
			throw ex;
		}
		return new OpenStores(opened);
	}

	/**
	 * Either every store is embedded or none is. A production configuration that forgets or
	 * misspells one region's URL would otherwise put that region's customer data into an H2
	 * file on the application node, silently.
	 */
	static void refuseMixedStores(TombotProperties properties) {
		List<String> embedded = new ArrayList<>();
		List<String> external = new ArrayList<>();
		(properties.control().store().embedded() ? embedded : external).add("control");
		properties.regions().forEach((name, region) -> (region.store().embedded() ? embedded : external).add(name));
		if (!embedded.isEmpty() && !external.isEmpty()) {
			throw new StoreStartupException("The stores " + external + " have a URL but " + embedded
					+ " have none and would be embedded H2 files on this node; set the URL of every store "
					+ "(tombot.control.store.url, tombot.regions.<region>.store.url) or of none");
		}
	}

	@Bean
	Stores stores(OpenStores open) {
		return open.stores();
	}

	/** The control store's pool, for framework parts that need one data source. */
	@Bean
	@Primary
	DataSource controlDataSource(OpenStores open) {
		return open.dataSource("control");
	}

	/** The opened pools, closed together on shutdown. */
	record OpenStores(Map<String, HikariDataSource> pools) implements AutoCloseable {

		DataSource dataSource(String name) {
			return this.pools.get(name);
		}

		StoreRegistry stores() {
			return new StoreRegistry(this.pools);
		}

		@Override
		public void close() {
			List<HikariDataSource> reversed = new ArrayList<>(this.pools.values());
			java.util.Collections.reverse(reversed);
			reversed.forEach(HikariDataSource::close);
		}

	}

}
