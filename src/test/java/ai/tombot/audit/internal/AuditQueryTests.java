package ai.tombot.audit.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Auditors read the trail: filters, pages newest first, who may read which chain, and each read audited. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditQueryTests {

	private static final String PASSWORD = "Audit-query-pass-1";

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	String operator;

	String auditor;

	UUID acme;

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir);
		this.operator = this.tombot.setUpAndLogIn("ops", PASSWORD);
		assertThat(this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}",
				this.operator).statusCode()).isEqualTo(201);
		this.acme = this.tombot.bean(ai.tombot.tenancy.TenantService.class).find("acme").orElseThrow().id();
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"globex\",\"name\":\"Globex\",\"region\":\"us\"}", this.operator);
		for (String[] user : new String[][] { { "acme", "a-auditor", "AUDITOR" }, { "acme", "a-agent", "AGENT" } }) {
			assertThat(this.tombot.post("/api/v1/tenants/" + user[0] + "/users",
					json(Map.of("username", user[1], "password", PASSWORD, "roles", List.of(user[2]))), this.operator)
				.statusCode()).isEqualTo(201);
		}
		this.auditor = this.tombot.logIn("acme", "a-auditor", PASSWORD);
		AuditTrail trail = this.tombot.bean(AuditTrail.class);
		for (int i = 1; i <= 5; i++) {
			trail.tenant(AuditEvent.success(AuditActor.system(), this.acme, "message.read", "message", "m" + i)
				.withSubject(i % 2 == 0 ? "even-subject" : "odd-subject"));
		}
		trail.tenant(AuditEvent.failure(AuditActor.system(), this.acme, "decrypt", "decryption-failed"));
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private JsonNode page(String path, String token) {
		HttpResponse<String> answer = this.tombot.get(path, token);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return parse(answer.body());
	}

	@Test
	void aTenantsAuditor_pagesThroughItsTrail_newestFirst_withFilters() {
		List<Long> seqs = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = page("/api/v1/tenants/acme/audit?action=message.read&limit=2"
					+ (cursor == null ? "" : "&cursor=" + cursor), this.auditor);
			page.get("entries").forEach(entry -> {
				assertThat(entry.get("action").asString()).isEqualTo("message.read");
				seqs.add(entry.get("seq").asLong());
			});
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(seqs).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		assertThat(page("/api/v1/tenants/acme/audit?subject=even-subject", this.auditor).get("entries").size())
			.isEqualTo(2);
		JsonNode failures = page("/api/v1/tenants/acme/audit?outcome=failure", this.auditor).get("entries");
		assertThat(failures.size()).isEqualTo(1);
		assertThat(failures.get(0).get("reason").asString()).isEqualTo("decryption-failed");
		assertThat(page("/api/v1/tenants/acme/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", this.auditor)
			.get("entries").size()).isZero();
		assertThat(page("/api/v1/tenants/acme/audit?actor=system&limit=500", this.auditor).get("entries").size())
			.isGreaterThanOrEqualTo(6);
	}

	@Test
	void readingTheTrail_isItselfAnEntry() {
		page("/api/v1/tenants/acme/audit?limit=1", this.auditor);
		JsonNode reads = page("/api/v1/tenants/acme/audit?action=audit.read", this.auditor).get("entries");
		assertThat(reads.size()).isPositive();
		assertThat(reads.get(0).get("actor").get("type").asString()).isEqualTo("user");
		page("/api/v1/audit?limit=1", this.operator);
		assertThat(page("/api/v1/audit?action=audit.read", this.operator).get("entries").size()).isPositive();
	}

	@Test
	void theControlTrail_isForPlatformStaff_andOtherRolesOrTenantsGetNothing() {
		assertThat(page("/api/v1/audit?action=tenant.create", this.operator).get("entries").size()).isEqualTo(2);
		assertThat(this.tombot.get("/api/v1/audit", this.auditor).statusCode()).isEqualTo(403);
		assertThat(this.tombot.get("/api/v1/tenants/globex/audit", this.auditor).statusCode()).as("another tenant")
			.isEqualTo(404);
		String agent = this.tombot.logIn("acme", "a-agent", PASSWORD);
		assertThat(this.tombot.get("/api/v1/tenants/acme/audit", agent).statusCode()).as("no AUDIT_READ").isEqualTo(403);
	}

	@Test
	void badFilters_are400_namingTheParameter() {
		for (String[] bad : new String[][] { { "outcome=maybe", "outcome" }, { "from=yesterday", "from" },
				{ "limit=0", "limit" }, { "limit=501", "limit" }, { "cursor=abc", "cursor" },
				{ "action=DROP%20TABLE", "action" },
				{ "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to" } }) {
			HttpResponse<String> answer = this.tombot.get("/api/v1/tenants/acme/audit?" + bad[0], this.auditor);
			assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
			assertThat(answer.body()).as(bad[0]).contains(bad[1]);
		}
	}

}
