package ai.tombot.platform.internal;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.RunningTombot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A store that cannot be opened, or is the wrong store, stops startup with its name. */
class StoreStartupTests {

	@TempDir
	Path dataDir;

	/** Every store given by URL (H2 files standing in for databases), with some overridden. */
	private Map<String, String> stores(Map<String, String> overrides) {
		Map<String, String> all = new java.util.HashMap<>();
		for (String store : new String[] { "control.store", "regions.us.store", "regions.eu.store" }) {
			all.put("tombot." + store + ".url", "jdbc:h2:file:" + this.dataDir.resolve("ext").resolve(store).resolve("db"));
			all.put("tombot." + store + ".username", "tombot");
		}
		all.putAll(overrides);
		return all;
	}

	@Test
	void startup_someStoresEmbeddedOthersNot_failsNamingThem() {
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir,
				Map.of("tombot.regions.eu.store.url", "jdbc:postgresql://127.0.0.1:1/tombot_eu")))
			.hasStackTraceContaining("The stores [eu] have a URL but [control, us] have none");
	}

	@Test
	void startup_everyStoreGivenByUrl_starts() {
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, stores(Map.of()))) {
			assertThat(tombot.get("/actuator/health", null).statusCode()).isEqualTo(200);
			assertThat(this.dataDir.resolve("control")).doesNotExist();
		}
	}

	@Test
	void startup_regionStoreUnreachable_failsNamingTheStore() {
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, stores(
				Map.of("tombot.regions.eu.store.url", "jdbc:postgresql://127.0.0.1:1/tombot_eu?password=secret-in-url",
						"tombot.regions.eu.store.username", "tombot", "tombot.regions.eu.store.password", "hunter2-pw"))))
			.hasStackTraceContaining("store of region 'eu' (jdbc:postgresql://127.0.0.1:1/tombot_eu) is unreachable")
			.satisfies(ex -> assertThat(stackTrace(ex)).doesNotContain("hunter2-pw").doesNotContain("secret-in-url"));
	}

	@Test
	void startup_controlStoreUnreachable_failsNamingTheStore() {
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir,
				stores(Map.of("tombot.control.store.url", "jdbc:postgresql://127.0.0.1:1/tombot_control"))))
			.hasStackTraceContaining("control store (jdbc:postgresql://127.0.0.1:1/tombot_control) is unreachable");
	}

	@Test
	void startup_migrationFails_failsNamingTheStore() throws Exception {
		String occupied = "jdbc:h2:file:" + this.dataDir.resolve("occupied/db");
		try (var connection = java.sql.DriverManager.getConnection(occupied, "tombot", "")) {
			connection.createStatement().execute("create table someone_elses (something int)");
		}
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, stores(Map.of("tombot.regions.us.store.url", occupied))))
			.hasStackTraceContaining("Migration of store of region 'us'")
			.hasStackTraceContaining("non-empty schema");
	}

	@Test
	void startup_regionUrlPointsAtTheControlStore_failsNamingBoth() {
		String shared = "jdbc:h2:file:" + this.dataDir.resolve("shared/db");
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir,
				stores(Map.of("tombot.control.store.url", shared, "tombot.regions.us.store.url", shared))))
			.hasStackTraceContaining("The database of store of region 'us'")
			.hasStackTraceContaining("it is the control store");
	}

	@Test
	void startup_twoRegionsOnOneDatabase_failsBeforeWritingToTheWrongRegion() {
		String shared = "jdbc:h2:file:" + this.dataDir.resolve("regions/db");
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir,
				stores(Map.of("tombot.regions.eu.store.url", shared, "tombot.regions.us.store.url", shared))))
			.hasStackTraceContaining("The database of store of region 'us'")
			.hasStackTraceContaining("it is the store of region 'eu'");
	}

	@Test
	void startup_misspeltSetting_failsNamingIt() {
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, Map.of("tombot.control.url", "jdbc:h2:mem:x")))
			.hasStackTraceContaining("Unknown Tombot settings: [tombot.control.url]");
	}

	@Test
	void startup_badPort_failsNamingTheProperty() {
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, Map.of("tombot.https-port", "70000")))
			.hasStackTraceContaining("tombot")
			.hasStackTraceContaining("httpsPort");
	}

	@Test
	void embeddedUrl_makesEveryCommitReachTheFile() {
		assertThat(StoreFactory.embeddedUrl(this.dataDir, "eu")).contains(";WRITE_DELAY=0;")
			.startsWith("jdbc:h2:file:" + this.dataDir.toAbsolutePath() + "/eu/tombot");
	}

	@Test
	void embeddedUrl_keepsTheParsedStatementsOfAnIngest() {
		assertThat(StoreFactory.embeddedUrl(this.dataDir, "eu")).contains(";QUERY_CACHE_SIZE=64");
	}

	@Test
	void describe_hidesCredentialsAndParameters() {
		assertThat(StoreFactory.describe("eu", "jdbc:postgresql://bob:pw@db1:5432,db2:5432/eu?password=x&ssl=true"))
			.isEqualTo("store of region 'eu' (jdbc:postgresql://db1:5432,db2:5432/eu)");
	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter out = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

}
