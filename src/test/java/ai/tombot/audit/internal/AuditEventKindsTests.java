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

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

import tools.jackson.databind.JsonNode;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per kind of event PCI DSS 10.2.1 asks to log, each checking every field of
 * 10.2.2: who (actor type and id), tenant, what (action, resource), when, outcome, and where
 * from (source address, user agent, request id), and for customer data the subject's pseudonym.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditEventKindsTests {

	private static final String PASSWORD = "Audit-kinds-pass-1";

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	String operator;

	String operatorId;

	String tenantId;

	JdbcClient control;

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir);
		this.operator = this.tombot.setUpAndLogIn("ops", PASSWORD);
		this.operatorId = parse(this.tombot.get("/api/v1/me", this.operator).body()).get("id").asString();
		assertThat(this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}",
				this.operator).statusCode()).isEqualTo(201);
		this.tenantId = this.tombot.bean(ai.tombot.tenancy.TenantService.class).find("acme").orElseThrow().id().toString();
		this.control = this.tombot.bean(Stores.class).control().jdbc();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private String createUser(String username, String role) {
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/acme/users",
				json(Map.of("username", username, "password", PASSWORD, "roles", List.of(role))), this.operator);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return parse(created.body()).get("id").asString();
	}

	/** The newest entry of the control chain with this action, checked for every field of 10.2.2. */
	private Map<String, Object> entry(String action, String actorType, String actorId, String tenant, String resourceType,
			String resourceId, String outcome, String reason) {
		return entryIn(this.control, "control", action, actorType, actorId, tenant, resourceType, resourceId, outcome,
				reason);
	}

	private Map<String, Object> entryIn(JdbcClient store, String chain, String action, String actorType, String actorId,
			String tenant, String resourceType, String resourceId, String outcome, String reason) {
		Map<String, Object> row = store
			.sql("select * from audit_entry where chain = :chain and action = :action order by seq desc limit 1")
			.param("chain", chain)
			.param("action", action)
			.query()
			.singleRow();
		assertThat(row.get("actor_type")).as(action + ": actor type").isEqualTo(actorType);
		assertThat(row.get("actor_id")).as(action + ": actor").isEqualTo(actorId);
		assertThat(row.get("tenant_id") == null ? null : row.get("tenant_id").toString()).as(action + ": tenant")
			.isEqualTo(tenant);
		assertThat(row.get("resource_type")).as(action + ": resource type").isEqualTo(resourceType);
		assertThat(row.get("resource_id")).as(action + ": resource").isEqualTo(resourceId);
		assertThat(row.get("outcome")).as(action + ": outcome").isEqualTo(outcome);
		assertThat(row.get("reason")).as(action + ": reason").isEqualTo(reason);
		assertThat(row.get("at")).as(action + ": time").isNotNull();
		assertThat(row.get("source_address")).as(action + ": origin").isEqualTo("127.0.0.1");
		assertThat((String) row.get("user_agent")).as(action + ": user agent").isNotBlank();
		assertThat((String) row.get("request_id")).as(action + ": request id").isNotBlank();
		return row;
	}

	@Test
	void administrativeActions_roleChanges() {
		String id = createUser("k-roles", "AGENT");
		assertThat(this.tombot.patch("/api/v1/tenants/acme/users/" + id, "{\"roles\":[\"AUDITOR\"]}", this.operator)
			.statusCode()).isEqualTo(200);
		entry("user.roles-changed", "user", this.operatorId, this.tenantId, "user", id, "success", null);
	}

	@Test
	void accessToCustomerData_writesAndReadsOfMessages_nameTheSubject() {
		String agentId = createUser("k-agent", "AGENT");
		String agent = this.tombot.logIn("acme", "k-agent", PASSWORD);
		JsonNode key = parse(this.tombot.post("/api/v1/tenants/acme/api-keys",
				"{\"name\":\"k-bot\",\"scopes\":[\"messages:write\"]}", this.operator).body());
		createUser("k-admin", "ADMIN");
		assertThat(this.tombot.post("/api/v1/tenants/acme/channels", "{\"name\":\"k-web\",\"kind\":\"web\"}",
				this.tombot.logIn("acme", "k-admin", PASSWORD)).statusCode()).isEqualTo(201);
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/acme/messages", json(Map.of("channel", "k-web",
				"subject", Map.of("email", "k-customer@example.com"), "direction", "inbound", "author", "customer", "text",
				"hello", "clientMessageId", "k-1")), key.get("key").asString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode message = parse(created.body());
		String subject = message.get("subject").asString();
		JdbcClient region = this.tombot.bean(Stores.class).region("eu").jdbc();
		Map<String, Object> write = entryIn(region, this.tenantId, "message.create", "api-key", key.get("id").asString(),
				this.tenantId, "message", message.get("id").asString(), "success", null);
		assertThat(write.get("subject")).isEqualTo(subject);

		String conversation = message.get("conversationId").asString();
		assertThat(this.tombot.get("/api/v1/tenants/acme/conversations/" + conversation + "/messages", agent).statusCode())
			.isEqualTo(200);
		Map<String, Object> read = entryIn(region, this.tenantId, "message.read", "user", agentId, this.tenantId,
				"conversation", conversation, "success", null);
		assertThat(read.get("subject")).isEqualTo(subject);
		assertThat(this.tombot.get("/api/v1/tenants/acme/conversations", agent).statusCode()).isEqualTo(200);
		Map<String, Object> list = entryIn(region, this.tenantId, "conversation.list", "user", agentId, this.tenantId,
				"conversation", null, "success", null);
		assertThat(list.get("subject")).isEqualTo(subject);
	}

	@Test
	void accessToTheAuditTrail() {
		assertThat(this.tombot.get("/api/v1/audit?limit=1", this.operator).statusCode()).isEqualTo(200);
		entry("audit.read", "user", this.operatorId, null, "audit-chain", "control", "success", null);
	}

	@Test
	void invalidLogins() {
		assertThat(this.tombot.post("/api/v1/auth/login",
				json(Map.of("tenant", "acme", "username", "k-nobody", "password", "Wrong-pass-123")), null).statusCode())
			.isEqualTo(401);
		entry("login", "anonymous", null, this.tenantId, null, null, "failure", "unknown-user");
	}

	@Test
	void logouts_endTheSessionWithTheirEntry() {
		String id = createUser("k-logout", "AGENT");
		String token = this.tombot.logIn("acme", "k-logout", PASSWORD);
		assertThat(this.tombot.post("/api/v1/auth/logout", "", token).statusCode()).isEqualTo(204);
		entry("logout", "user", id, this.tenantId, "user", id, "success", null);
		assertThat(this.tombot.get("/api/v1/me", token).statusCode()).isEqualTo(401);
	}

	@Test
	void credentialChanges() {
		String id = createUser("k-credential", "AGENT");
		String token = this.tombot.logIn("acme", "k-credential", PASSWORD);
		HttpResponse<String> changed = this.tombot.post("/api/v1/me/password",
				json(Map.of("currentPassword", PASSWORD, "newPassword", "Another-pass-456")), token);
		assertThat(changed.statusCode()).as(changed.body()).isIn(200, 204);
		entry("user.password-changed", "user", id, this.tenantId, "user", id, "success", null);
		assertThat(this.tombot.post("/api/v1/me/password",
				json(Map.of("currentPassword", "Not-my-password-9", "newPassword", "Third-pass-789")), token)
			.statusCode()).isEqualTo(400);
		entry("login", "user", id, this.tenantId, null, null, "failure", "wrong-current-password");
	}

	@Test
	void creationAndDeletionOfObjects() {
		String id = createUser("k-object", "AGENT");
		entry("user.created", "user", this.operatorId, this.tenantId, "user", id, "success", null);
		assertThat(this.tombot.delete("/api/v1/tenants/acme/users/" + id, this.operator).statusCode()).isEqualTo(204);
		entry("user.deleted", "user", this.operatorId, this.tenantId, "user", id, "success", null);
		HttpResponse<String> key = this.tombot.post("/api/v1/tenants/acme/api-keys",
				"{\"name\":\"bot\",\"scopes\":[\"messages:write\"]}", this.operator);
		String keyId = parse(key.body()).get("id").asString();
		entry("api-key.create", "user", this.operatorId, this.tenantId, "api-key", keyId, "success", null);
		assertThat(this.tombot.delete("/api/v1/tenants/acme/api-keys/" + keyId, this.operator).statusCode())
			.isEqualTo(204);
		entry("api-key.revoke", "user", this.operatorId, this.tenantId, "api-key", keyId, "success", null);
		entry("tenant.create", "user", this.operatorId, this.tenantId, "tenant", this.tenantId, "success", null);
	}

}
