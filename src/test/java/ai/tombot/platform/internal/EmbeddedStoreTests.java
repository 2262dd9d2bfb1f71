package ai.tombot.platform.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import ai.tombot.platform.TombotProperties.StoreSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded H2 stores keep their constraints after the connections that created the
 * schema are gone, as they are when the pool retires them. H2 2.4.240 fails this ("Check
 * constraint invalid ... The database has been closed"), which is why the build pins 2.3.232.
 */
class EmbeddedStoreTests {

	@Test
	void checkConstraints_afterTheMigratingConnectionsAreClosed_stillAcceptAndRefuse(@TempDir Path dataDir)
			throws Exception {
		String url = StoreFactory.embeddedUrl(dataDir, "control");
		java.nio.file.Files.createDirectories(dataDir.resolve("control"));
		try (Connection keepOpen = DriverManager.getConnection(url, "tombot", "")) {
			StoreFactory.open("control", StoreFactory.Kind.CONTROL, null, new StoreSettings("", "", "", 2, java.time.Duration.ofSeconds(2)), dataDir)
				.close();
			try (Connection later = DriverManager.getConnection(url, "tombot", "")) {
				JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(later, true));
				String insert = "insert into tenant (id, slug, name, region, status, created_at, updated_at) "
						+ "values (:id, :slug, 'n', 'eu', :status, :now, :now)";
				assertThat(jdbc.sql(insert).param("id", UUID.randomUUID()).param("slug", "ok-co").param("status", "active")
					.param("now", OffsetDateTime.now()).update()).isOne();
				assertThatThrownBy(() -> jdbc.sql(insert).param("id", UUID.randomUUID()).param("slug", "bad-co")
					.param("status", "deleted").param("now", OffsetDateTime.now()).update())
					.isInstanceOf(DataIntegrityViolationException.class)
					.hasMessageContaining("Check constraint violation");
			}
		}
	}

}
