package ai.tombot.platform.internal;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import ai.tombot.platform.Stores;

/**
 * UP only when every store answers a validity check within two seconds. The per-store
 * details are shown to authenticated operators only (see {@code management.endpoint.health}).
 */
@Component("storesHealthIndicator")
class StoresHealthIndicator extends AbstractHealthIndicator {

	private final Map<String, DataSource> dataSources;

	StoresHealthIndicator(Stores stores) {
		super("Store health check failed");
		this.dataSources = ((StoreRegistry) stores).dataSources();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean allUp = true;
		for (Map.Entry<String, DataSource> entry : this.dataSources.entrySet()) {
			String state;
			try (Connection connection = entry.getValue().getConnection()) {
				state = connection.isValid(2) ? "UP" : "DOWN";
			}
			catch (Exception ex) {
				state = "DOWN";
			}
			allUp &= state.equals("UP");
			builder.withDetail(entry.getKey(), state);
		}
		if (allUp) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
