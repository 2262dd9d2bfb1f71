package ai.tombot;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's first hour, over real HTTPS: set up the first operator with the token from
 * the data directory, log in, create an EU tenant, see its home record in the EU store and
 * not in the US store, restart the server on the same data and find everything still there.
 * Runs on embedded H2 and on PostgreSQL. The whole run's logs must not contain the
 * password, the setup token or the session token, with web and security logging at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantOnboardingJourneyTests {

	private static final String PASSWORD = "Onboarding-pass-2026";

	private static final Map<String, String> VERBOSE_LOGS = Map.of("logging.level.org.springframework.web", "DEBUG",
			"logging.level.org.springframework.security", "DEBUG", "logging.level.ai.tombot", "DEBUG",
			"logging.level.com.zaxxer.hikari", "DEBUG", "logging.level.org.flywaydb", "DEBUG",
			"logging.level.org.springframework.jdbc", "DEBUG");

	@TempDir
	Path dataDir;

	@Test
	void onboarding_onEmbeddedH2_tenantLivesInItsRegionAndSurvivesRestart(CapturedOutput output) throws Exception {
		journey(Map.of(), null, output, new StoreProbe() {
			@Override
			public int homeRecords(String region, String slug) throws SQLException {
				String url = "jdbc:h2:file:" + TenantOnboardingJourneyTests.this.dataDir.resolve(region).resolve("tombot")
						+ ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
				try (Connection connection = DriverManager.getConnection(url, "tombot", "")) {
					return count(connection, slug);
				}
			}
		});
		assertThat(Files.list(this.dataDir).map(p -> p.getFileName().toString())).contains("control", "us", "eu", "tls");
	}

	@Test
	void onboarding_onPostgres_tenantLivesInItsRegionAndSurvivesRestart(CapturedOutput output) throws Exception {
		try (PostgresTestDatabases postgres = PostgresTestDatabases.require()) {
			Map<String, String> stores = postgres.storeProperties();
			journey(stores, postgres.password(), output, (region, slug) -> {
				try (Connection connection = postgres.connect(stores.get("tombot.regions." + region + ".store.url"))) {
					return count(connection, slug);
				}
			});
			assertThat(Files.exists(this.dataDir.resolve("control"))).isFalse();
		}
	}

	interface StoreProbe {

		int homeRecords(String region, String slug) throws SQLException;

	}

	/** @param databasePassword a password that must not show in the logs either; null for none */
	private void journey(Map<String, String> stores, String databasePassword, CapturedOutput output, StoreProbe probe)
			throws Exception {
		Map<String, String> properties = new java.util.HashMap<>(stores);
		properties.putAll(VERBOSE_LOGS);
		String setupToken;
		RunningTombot.Authenticator authenticator;
		String token;
		String freshToken;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, properties)) {
			Path tokenFile = this.dataDir.resolve("setup-token");
			assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			setupToken = tombot.setupToken();
			assertThat(setupToken).hasSizeGreaterThanOrEqualTo(22);
			assertThat(output.getOut()).contains(tokenFile.toString());

			HttpResponse<String> setup = tombot.post("/api/v1/setup", RunningTombot.json(
					Map.of("setupToken", setupToken, "username", "olivia", "password", PASSWORD)), null);
			assertThat(setup.statusCode()).isEqualTo(201);
			assertThat(Files.exists(tokenFile)).isFalse();

			HttpResponse<String> login = tombot.post("/api/v1/auth/login",
					RunningTombot.json(Map.of("username", "olivia", "password", PASSWORD)), null);
			assertThat(login.statusCode()).isEqualTo(200);
			JsonNode session = RunningTombot.parse(login.body());
			token = session.get("token").asString();
			assertThat(session.get("expiresAt").asString()).isNotBlank();

			// an operator must have a second factor before any operator API answers it
			HttpResponse<String> early = tombot.post("/api/v1/tenants",
					"{\"slug\":\"acme-eu\",\"name\":\"Acme Europe\",\"region\":\"eu\"}", token);
			assertThat(early.statusCode()).isEqualTo(403);
			assertThat(RunningTombot.parse(early.body()).get("type").asString())
				.isEqualTo("urn:tombot:problem:mfa-enrollment-required");
			authenticator = tombot.enrolMfa(null, "olivia", PASSWORD, token);

			HttpResponse<String> created = tombot.post("/api/v1/tenants",
					"{\"slug\":\"acme-eu\",\"name\":\"Acme Europe\",\"region\":\"eu\"}", token);
			assertThat(created.statusCode()).isEqualTo(201);
			JsonNode tenant = RunningTombot.parse(created.body());
			assertThat(tenant.get("slug").asString()).isEqualTo("acme-eu");
			assertThat(tenant.get("region").asString()).isEqualTo("eu");
			assertThat(tenant.get("status").asString()).isEqualTo("active");
			assertThat(tenant.get("createdAt").asString()).isNotBlank();
			assertThat(created.headers().firstValue("Location")).hasValue(tombot.uri("/api/v1/tenants/acme-eu").toString());

			assertThat(probe.homeRecords("eu", "acme-eu")).isEqualTo(1);
			assertThat(probe.homeRecords("us", "acme-eu")).isZero();
		}

		try (RunningTombot restarted = RunningTombot.start(this.dataDir, properties)) {
			assertThat(Files.exists(this.dataDir.resolve("setup-token"))).isFalse();
			HttpResponse<String> again = restarted.get("/api/v1/tenants/acme-eu", token);
			assertThat(again.statusCode()).as("the session outlives a restart").isEqualTo(200);
			assertThat(RunningTombot.parse(again.body()).get("region").asString()).isEqualTo("eu");
			freshToken = restarted.logIn("olivia", PASSWORD);
			HttpResponse<String> list = restarted.get("/api/v1/tenants", freshToken);
			assertThat(RunningTombot.parse(list.body()).findValuesAsString("slug")).containsExactly("acme-eu");
			assertThat(probe.homeRecords("eu", "acme-eu")).isEqualTo(1);
			assertThat(probe.homeRecords("us", "acme-eu")).isZero();
			assertThat(restarted.post("/api/v1/setup", RunningTombot.json(
					Map.of("setupToken", setupToken, "username", "mallory", "password", PASSWORD)), null).statusCode())
				.isEqualTo(409);
		}

		String logs = output.getAll();
		assertThat(logs).contains("Created tenant acme-eu");
		assertThat(logs).doesNotContain(PASSWORD)
			.doesNotContain(setupToken)
			.doesNotContain(token)
			.doesNotContain(freshToken)
			.doesNotContain(authenticator.secret())
			.doesNotContain(sha256Hex(token));
		if (databasePassword != null) {
			assertThat(logs).doesNotContain(databasePassword);
		}
	}

	private static String sha256Hex(String value) throws java.security.NoSuchAlgorithmException {
		return java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256")
				.digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

	private static int count(Connection connection, String slug) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select count(*) from tenant_home where slug = ?")) {
			statement.setString(1, slug);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

}
