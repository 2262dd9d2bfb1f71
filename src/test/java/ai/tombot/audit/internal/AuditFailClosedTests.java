package ai.tombot.audit.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No action without its audit entry: when the entry cannot be written, the action answers 503
 * and nothing of it is committed. And what the entries hold: every field of PCI DSS 10.2.2,
 * and no secret or raw identifier.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditFailClosedTests {

	private static final String OPERATOR = "ops-audit-person";

	private static final String PASSWORD = "Audit-fail-closed-1";

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	String operator;

	JdbcClient control;

	Map<String, String> storeProperties() {
		return Map.of();
	}

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir, storeProperties());
		this.operator = this.tombot.setUpAndLogIn(OPERATOR, PASSWORD);
		this.control = this.tombot.bean(Stores.class).control().jdbc();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	/** Makes every audit insert of {@code action} fail, as a full disk or a lost connection would. */
	private AutoCloseable breakAuditOf(JdbcClient store, String action) {
		// entries written so far keep the rule; every new one of this action breaks it
		String now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
			.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
			.plusSeconds(1)
			.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx"));
		store.sql("alter table audit_entry add constraint audit_test_broken check (action <> '" + action
				+ "' or at < timestamp with time zone '" + now + "')").update();
		try {
			Thread.sleep(1100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return () -> store.sql("alter table audit_entry drop constraint audit_test_broken").update();
	}

	private static void assertUnavailable(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("application/problem+json"));
		assertThat(answer.body()).contains("audit entry could not be written");
	}

	@Test
	void anApiKeyWhoseEntryCannotBeWritten_isNotMade() throws Exception {
		assertThat(this.tombot.post("/api/v1/tenants", "{\"slug\":\"keys-co\",\"name\":\"K\",\"region\":\"eu\"}",
				this.operator).statusCode()).isEqualTo(201);
		String body = "{\"name\":\"integration\",\"scopes\":[\"messages:write\"]}";
		try (AutoCloseable broken = breakAuditOf(this.control, "api-key.create")) {
			assertUnavailable(this.tombot.post("/api/v1/tenants/keys-co/api-keys", body, this.operator));
		}
		assertThat(parse(this.tombot.get("/api/v1/tenants/keys-co/api-keys", this.operator).body()).size())
			.as("no key committed").isZero();
		assertThat(this.tombot.post("/api/v1/tenants/keys-co/api-keys", body, this.operator).statusCode()).isEqualTo(201);
	}

	@Test
	void aTenantWhoseEntryCannotBeWritten_isNotMade_inEitherStore() throws Exception {
		try (AutoCloseable broken = breakAuditOf(this.control, "tenant.create")) {
			assertUnavailable(this.tombot.post("/api/v1/tenants", "{\"slug\":\"ghost\",\"name\":\"G\",\"region\":\"eu\"}",
					this.operator));
		}
		assertThat(this.tombot.get("/api/v1/tenants/ghost", this.operator).statusCode()).isEqualTo(404);
		assertThat(this.tombot.bean(Stores.class).region("eu").jdbc()
			.sql("select count(*) from tenant_home where slug = 'ghost'").query(Long.class).single()).isZero();
	}

	@Test
	void aLoginWhoseEntryCannotBeWritten_opensNoSession() throws Exception {
		long sessions = this.control.sql("select count(*) from user_session").query(Long.class).single();
		try (AutoCloseable broken = breakAuditOf(this.control, "login")) {
			// password, then the second factor: the session would open at the second step
			assertThatThrownBy(() -> this.tombot.logIn(OPERATOR, PASSWORD)).hasMessageContaining("MFA step answered 503")
				.hasMessageContaining("audit entry could not be written");
		}
		assertThat(this.control.sql("select count(*) from user_session").query(Long.class).single()).isEqualTo(sessions);
	}

	@Test
	void keyRotationsWhoseEntryCannotBeWritten_rotateNothing() throws Exception {
		assertThat(this.tombot.post("/api/v1/tenants", "{\"slug\":\"rotate-co\",\"name\":\"R\",\"region\":\"eu\"}",
				this.operator).statusCode()).isEqualTo(201);
		String before = this.tombot.get("/api/v1/tenants/rotate-co/keys", this.operator).body();
		JdbcClient eu = this.tombot.bean(Stores.class).region("eu").jdbc();
		try (AutoCloseable broken = breakAuditOf(eu, "tenant-key.rotate")) {
			assertUnavailable(this.tombot.post("/api/v1/tenants/rotate-co/keys/rotate", "", this.operator));
		}
		assertThat(parse(this.tombot.get("/api/v1/tenants/rotate-co/keys", this.operator).body()).get("versions"))
			.as("no new version").isEqualTo(parse(before).get("versions"));
		assertThat(this.tombot.post("/api/v1/tenants/rotate-co/keys/rotate", "", this.operator).statusCode()).isEqualTo(202);
		assertThat(eu.sql("select count(*) from audit_entry where action = 'tenant-key.rotate'").query(Long.class).single())
			.as("in the tenant's chain").isEqualTo(1);

		assertThat(this.tombot.post("/api/v1/tenants", "{\"slug\":\"rotate-us\",\"name\":\"R\",\"region\":\"us\"}",
				this.operator).statusCode()).isEqualTo(201);
		JdbcClient us = this.tombot.bean(Stores.class).region("us").jdbc();
		List<String> wrapped = us.sql("select keyset from tenant_key order by tenant_id").query(String.class).list();
		try (AutoCloseable broken = breakAuditOf(this.control, "master-key.rotate-start")) {
			assertUnavailable(this.tombot.post("/api/v1/regions/us/master-key/rotate", "", this.operator));
		}
		assertThat(us.sql("select keyset from tenant_key order by tenant_id").query(String.class).list())
			.as("no tenant key re-wrapped").isEqualTo(wrapped);
		assertThat(this.control.sql("select count(*) from audit_entry where action like 'master-key.%'")
			.query(Long.class).single()).isZero();
	}

	@Test
	void entries_holdWhoWhatWhenWhereAndTheOutcome_andNeverASecretOrAUsername() throws Exception {
		assertThat(this.tombot.post("/api/v1/tenants", "{\"slug\":\"fields-co\",\"name\":\"F\",\"region\":\"us\"}",
				this.operator).statusCode()).isEqualTo(201);
		HttpResponse<String> made = this.tombot.post("/api/v1/tenants/fields-co/api-keys",
				"{\"name\":\"bot\",\"scopes\":[\"messages:read\"]}", this.operator);
		String apiKey = parse(made.body()).get("key").asString();
		String keyId = parse(made.body()).get("id").asString();
		assertThat(this.tombot.post("/api/v1/auth/login", json(Map.of("username", OPERATOR, "password", "Wrong-pass-123")),
				null).statusCode()).isEqualTo(401);
		String me = parse(this.tombot.get("/api/v1/me", this.operator).body()).get("id").asString();

		Map<String, Object> created = this.control
			.sql("select * from audit_entry where chain = 'control' and action = 'api-key.create' and resource_id = :id")
			.param("id", keyId)
			.query()
			.singleRow();
		assertThat(created).containsEntry("actor_type", "user")
			.containsEntry("actor_id", me)
			.containsEntry("resource_type", "api-key")
			.containsEntry("outcome", "success")
			.containsEntry("source_address", "127.0.0.1");
		assertThat(created.get("tenant_id")).isNotNull();
		assertThat(created.get("at")).isNotNull();
		assertThat((String) created.get("user_agent")).isNotBlank();
		assertThat((String) created.get("request_id")).isNotBlank();

		Map<String, Object> failed = this.control
			.sql("select * from audit_entry where chain = 'control' and action = 'login' and outcome = 'failure' "
					+ "order by seq desc limit 1")
			.query()
			.singleRow();
		assertThat(failed).containsEntry("actor_type", "anonymous").containsEntry("reason", "wrong-password")
			.containsEntry("source_address", "127.0.0.1");

		List<String> everything = this.control.sql("select * from audit_entry").query().listOfRows().stream()
			.map(Object::toString)
			.toList();
		assertThat(everything).isNotEmpty().noneMatch(row -> row.contains(PASSWORD) || row.contains("Wrong-pass-123")
				|| row.contains(apiKey) || row.contains(this.operator) || row.contains(OPERATOR));
	}

	@Test
	void verificationOnDemand_coversEveryChain_andIsItselfAudited() {
		HttpResponse<String> answer = this.tombot.post("/api/v1/audit/verify", "", this.operator);
		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode report = parse(answer.body());
		assertThat(report.get("intact").asBoolean()).isTrue();
		assertThat(report.get("chains").valueStream().map(chain -> chain.get("chain").asString()).toList())
			.contains("control");
		assertThat(this.control.sql("select count(*) from audit_entry where action = 'audit.verify'").query(Long.class)
			.single()).isPositive();
	}

}
