package ai.tombot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh PostgreSQL databases for one test, dropped again by {@link #close()}. The server is
 * named by {@code TOMBOT_TEST_POSTGRES_URL} (a JDBC URL of any database on it, e.g.
 * {@code .../postgres}), {@code TOMBOT_TEST_POSTGRES_USER} and
 * {@code TOMBOT_TEST_POSTGRES_PASSWORD}; the role needs CREATEDB. {@code .ci/run} sets them.
 * Without them a test that asks for databases is skipped, with a message saying so; under CI
 * ({@code CI=true}) it fails instead, so CI cannot pass without running them.
 */
public final class PostgresTestDatabases implements AutoCloseable {

	public static final String URL_VARIABLE = "TOMBOT_TEST_POSTGRES_URL";

	private final String serverUrl;

	private final String user;

	private final String password;

	private final List<String> created = new ArrayList<>();

	private final List<Path> keyFiles = new ArrayList<>();

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private PostgresTestDatabases(String serverUrl, String user, String password) {
		this.serverUrl = serverUrl;
		this.user = user;
		this.password = password;
	}

	/** Skips the calling test when no PostgreSQL server is configured. */
	public static PostgresTestDatabases require() {
		String url = System.getenv(URL_VARIABLE);
		if ("true".equals(System.getenv("CI")) && (url == null || url.isBlank())) {
			throw new IllegalStateException("CI=true but " + URL_VARIABLE + " is not set: .ci/run must start PostgreSQL "
					+ "and export it, so that the PostgreSQL tests run in CI instead of being skipped");
		}
		Assumptions.assumeTrue(url != null && !url.isBlank(), () -> "PostgreSQL test skipped: set " + URL_VARIABLE
				+ " (and TOMBOT_TEST_POSTGRES_USER, TOMBOT_TEST_POSTGRES_PASSWORD) to run it; .ci/run does");
		return new PostgresTestDatabases(url, System.getenv().getOrDefault("TOMBOT_TEST_POSTGRES_USER", "tombot"),
				System.getenv().getOrDefault("TOMBOT_TEST_POSTGRES_PASSWORD", ""));
	}

	public static boolean available() {
		String url = System.getenv(URL_VARIABLE);
		return url != null && !url.isBlank();
	}

	/** Creates an empty database and answers its JDBC URL. */
	public String create(String label) {
		String name = ("tombot_t_" + label + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
			.replace('-', '_');
		execute("create database " + name);
		this.created.add(name);
		return urlOf(name);
	}

	public String urlOf(String database) {
		int slash = this.serverUrl.indexOf('/', "jdbc:postgresql://".length());
		int query = this.serverUrl.indexOf('?');
		String base = this.serverUrl.substring(0, slash + 1);
		return base + database + (query >= 0 ? this.serverUrl.substring(query) : "");
	}

	/**
	 * Store properties for a control store and the us and eu regions, each in a new database,
	 * and a master key file for each region (external stores have no default master key).
	 */
	public Map<String, String> storeProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		store(properties, "tombot.control.store", create("control"));
		store(properties, "tombot.regions.us.store", create("us"));
		store(properties, "tombot.regions.eu.store", create("eu"));
		properties.put("tombot.regions.us.master-key", "file:" + masterKeyFile());
		properties.put("tombot.regions.eu.master-key", "file:" + masterKeyFile());
		return properties;
	}

	/** A new region master key: a Tink AES256_GCM keyset in a temporary file, deleted at {@link #close()}. */
	public Path masterKeyFile() {
		try {
			Path file = Files.createTempFile("tombot-test-master-key", ".json");
			Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(
					KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()));
			this.keyFiles.add(file);
			return file;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a test master key", ex);
		}
	}

	private void store(Map<String, String> properties, String prefix, String url) {
		properties.put(prefix + ".url", url);
		properties.put(prefix + ".username", this.user);
		properties.put(prefix + ".password", this.password);
	}

	public Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, this.user, this.password);
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	private void execute(String sql) {
		try (Connection connection = connect(this.serverUrl); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot run '" + sql + "' on the test PostgreSQL server", ex);
		}
	}

	/**
	 * Drops the databases. A drop can meet a server process it may not end (an autovacuum
	 * worker, say): it is tried again, and a database that still cannot be dropped is left
	 * for {@code .ci/run} to remove on its next run rather than failing the test.
	 */
	@Override
	public void close() {
		for (Path file : this.keyFiles) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				System.err.println("PostgresTestDatabases: could not delete " + file + ": " + ex);
			}
		}
		for (String name : this.created) {
			for (int attempt = 1;; attempt++) {
				try {
					execute("drop database if exists " + name + " with (force)");
					break;
				}
				catch (IllegalStateException ex) {
					if (attempt == 5) {
						System.err.println("PostgresTestDatabases: could not drop " + name + ": " + ex.getCause());
						break;
					}
					try {
						Thread.sleep(500L * attempt);
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						break;
					}
				}
			}
		}
	}

}
