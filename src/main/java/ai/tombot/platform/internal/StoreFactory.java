package ai.tombot.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.TombotProperties.StoreSettings;

/**
 * Opens one store: a connection pool, its Flyway migrations, and the check that the database
 * is the store it is configured as. Every failure names the store and chains the cause.
 */
final class StoreFactory {

	private static final Logger log = LoggerFactory.getLogger(StoreFactory.class);

	private StoreFactory() {
	}

	/** The kind of a store decides its schema. */
	enum Kind {

		CONTROL("db/control"), REGION("db/region");

		final String migrations;

		Kind(String migrations) {
			this.migrations = migrations;
		}

	}

	/**
	 * The JDBC URL of an embedded store. {@code WRITE_DELAY=0} makes H2 write every commit to
	 * the file before the commit returns, so an acknowledged write survives a killed JVM (H2
	 * otherwise buffers commits for up to 500 ms). {@code QUERY_CACHE_SIZE} is how many parsed
	 * statements each connection keeps: H2's default of 8 is fewer than one message's ingest
	 * runs, so without it every statement was parsed and planned again.
	 */
	static final int QUERY_CACHE_SIZE = 64;

	static String embeddedUrl(Path dataDir, String name) {
		Path file = dataDir.toAbsolutePath().normalize().resolve(name).resolve("tombot");
		return "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MODE=PostgreSQL"
				+ ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
	}

	static HikariDataSource open(String name, Kind kind, String region, StoreSettings settings, Path dataDir) {
		String url = settings.embedded() ? embeddedUrl(dataDir, name) : settings.url();
		String where = describe(name, url);
		if (settings.embedded()) {
			createPrivateDirectory(dataDir.resolve(name), where);
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("store-" + name);
		config.setJdbcUrl(url);
		config.setUsername(settings.embedded() ? "tombot" : emptyToNull(settings.username()));
		config.setPassword(settings.embedded() ? "" : emptyToNull(settings.password()));
		config.setMaximumPoolSize(settings.maxPoolSize());
		config.setConnectionTimeout(settings.connectionTimeout().toMillis());
		// checking a pooled connection before use must not take longer than the wait itself
		config.setValidationTimeout(Math.max(250, Math.min(1000, settings.connectionTimeout().toMillis() / 2)));
		config.setInitializationFailTimeout(1);
		HikariDataSource dataSource;
		try {
			dataSource = new HikariDataSource(config);
		}
		catch (RuntimeException ex) {
			throw new StoreStartupException(where + " is unreachable: " + rootMessage(ex), ex);
		}
		try {
			StoreIdentity.refuseOtherStore(dataSource, kind, region, where);
			migrate(dataSource, kind, url.startsWith("jdbc:h2:") ? "h2" : "postgresql", where);
			StoreIdentity.verify(dataSource, kind, region, where);
		}
		catch (RuntimeException ex) {
			dataSource.close();
			throw ex;
		}
		log.info("Opened {}", where);
		return dataSource;
	}

	/**
	 * Runs the store's migrations: those of its kind, then those of its kind for its database
	 * ({@code db/control-h2}, {@code db/region-postgresql}, …), one version sequence.
	 */
	private static void migrate(DataSource dataSource, Kind kind, String vendor, String where) {
		try {
			Flyway.configure()
				.dataSource(dataSource)
				.locations("classpath:" + kind.migrations, "classpath:" + kind.migrations + "-" + vendor)
				.failOnMissingLocations(true)
				.load()
				.migrate();
		}
		catch (FlywayException ex) {
			throw new StoreStartupException("Migration of " + where + " failed: " + rootMessage(ex), ex);
		}
	}

	/** Names the store and its URL, without user information or query parameters. */
	static String describe(String name, String url) {
		String shown = url;
		int query = shown.indexOf('?');
		if (query >= 0) {
			shown = shown.substring(0, query);
		}
		int semicolon = shown.startsWith("jdbc:h2:") ? shown.indexOf(';') : -1;
		if (semicolon >= 0) {
			shown = shown.substring(0, semicolon);
		}
		shown = shown.replaceAll("//[^/@]*@", "//");
		return (name.equals("control") ? "control store" : "store of region '" + name + "'") + " ("
				+ Matcher.quoteReplacement(shown) + ")";
	}

	private static void createPrivateDirectory(Path dir, String where) {
		try {
			Files.createDirectories(dir);
			PrivateFiles.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new StoreStartupException("Cannot create the directory " + dir + " of " + where + ": " + ex, ex);
		}
	}

	private static String emptyToNull(String value) {
		return value == null || value.isEmpty() ? null : value;
	}

	static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		if (cause instanceof SQLException sql && sql.getSQLState() != null) {
			message = message + " [SQLState " + sql.getSQLState() + "]";
		}
		return cause.getClass().getSimpleName() + (message != null ? ": " + message : "");
	}

}
