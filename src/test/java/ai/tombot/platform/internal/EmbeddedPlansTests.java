package ai.tombot.platform.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.platform.TombotProperties.StoreSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded stores' connections plan their cached statements again after each round: H2
 * does so when its "modification meta id" moves, which is what the round's SET does.
 */
class EmbeddedPlansTests {

	@Test
	void replan_movesTheMarkThatMakesH2PlanCachedStatementsAgain(@TempDir Path dataDir) throws Exception {
		Files.createDirectories(dataDir.resolve("us"));
		try (HikariDataSource pool = StoreFactory.open("us", StoreFactory.Kind.REGION, "us",
				new StoreSettings("", "", "", 2, java.time.Duration.ofSeconds(2)), dataDir)) {
			long before = metaId(pool);
			new EmbeddedPlans(new StoreConfiguration.OpenStores(Map.of("us", pool))).replan();
			assertThat(metaId(pool)).isGreaterThan(before);
		}
	}

	@Test
	void embedded_onlyForH2() {
		try (HikariDataSource h2 = new HikariDataSource(); HikariDataSource postgres = new HikariDataSource()) {
			h2.setJdbcUrl("jdbc:h2:mem:x");
			postgres.setJdbcUrl("jdbc:postgresql://db:5432/us");
			assertThat(EmbeddedPlans.embedded(h2)).isTrue();
			assertThat(EmbeddedPlans.embedded(postgres)).isFalse();
		}
	}

	private static long metaId(DataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection()) {
			return ((org.h2.engine.SessionLocal) connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
				.getDatabase()
				.getModificationMetaId();
		}
	}

}
