package ai.tombot.platform.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import ai.tombot.RunningTombot;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/health}: UP only when every store answers; details for operators only. */
class HealthTests {

	@Test
	void health_oneStoreDown_isDownAndNamesIt() {
		Map<String, DataSource> stores = new LinkedHashMap<>();
		stores.put("control", new DriverManagerDataSource("jdbc:h2:mem:health-control"));
		stores.put("eu", new AbstractDataSource() {
			@Override
			public java.sql.Connection getConnection() throws SQLException {
				throw new SQLException("connection refused");
			}

			@Override
			public java.sql.Connection getConnection(String username, String password) throws SQLException {
				return getConnection();
			}
		});
		Health health = new StoresHealthIndicator(new StoreRegistry(stores)).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("control", "UP").containsEntry("eu", "DOWN");
		assertThat(health.getDetails().toString()).doesNotContain("refused");
	}

	@Test
	void health_storeThatHangs_isDownWithinTheDeadline() {
		Map<String, DataSource> stores = new LinkedHashMap<>();
		stores.put("control", new DriverManagerDataSource("jdbc:h2:mem:health-control-2"));
		java.util.concurrent.atomic.AtomicInteger hangs = new java.util.concurrent.atomic.AtomicInteger();
		stores.put("us", new AbstractDataSource() {
			@Override
			public java.sql.Connection getConnection() throws SQLException {
				hangs.incrementAndGet();
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new SQLException("interrupted");
			}

			@Override
			public java.sql.Connection getConnection(String username, String password) throws SQLException {
				return getConnection();
			}
		});
		StoresHealthIndicator indicator = new StoresHealthIndicator(new StoreRegistry(stores));
		try {
			for (int call = 0; call < 3; call++) {
				Health health = indicator.health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).as("call %d", call).containsEntry("control", "UP").containsEntry("us", "DOWN");
			}
			assertThat(hangs).as("one check of the stalled store in flight, not one per call").hasValue(1);
		}
		finally {
			indicator.destroy();
		}
	}

	@Test
	void health_anonymousSeesStatusOnly_operatorSeesEachStore(@TempDir Path dataDir) throws Exception {
		try (RunningTombot tombot = RunningTombot.start(dataDir)) {
			assertThat(tombot.get("/actuator/health", null).body()).isEqualTo("{\"status\":\"UP\"}");
			String operator = tombot.setUpAndLogIn("ops", "Health-check-pass-1");
			JsonNode detailed = RunningTombot.parse(tombot.get("/actuator/health", operator).body());
			assertThat(detailed.at("/components/stores/details").toString()).contains("\"control\":\"UP\"")
				.contains("\"us\":\"UP\"")
				.contains("\"eu\":\"UP\"");
		}
	}

}
