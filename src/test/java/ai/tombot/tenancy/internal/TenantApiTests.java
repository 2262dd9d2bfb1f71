package ai.tombot.tenancy.internal;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

import static ai.tombot.ProblemAssertions.assertProblem;

import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The tenant API: operators only, every bad input answered with the right problem. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantApiTests {

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	private String operator;

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir, storeProperties());
		this.operator = this.tombot.setUpAndLogIn("ops", "Tenant-tests-pass-1");
	}

	/** The stores: control, us, eu, and a third region "ap" whose store one test breaks. */
	Map<String, String> storeProperties() {
		return Map.of("tombot.regions.ap.store.url", "");
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private HttpResponse<String> create(String json) {
		return this.tombot.post("/api/v1/tenants", json, this.operator);
	}

	@Test
	void create_validUsTenant_answers201AndWritesHomeOnlyInUs() {
		HttpResponse<String> created = create("{\"slug\":\"globex-us\",\"name\":\"Globex\",\"region\":\"us\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode tenant = parse(created.body());
		assertThat(tenant.get("region").asString()).isEqualTo("us");
		assertThat(tenant.has("id")).as("internal id stays internal").isFalse();
		Stores stores = this.tombot.bean(Stores.class);
		assertThat(homeCount(stores, "us", "globex-us")).isOne();
		assertThat(homeCount(stores, "eu", "globex-us")).isZero();
	}

	@Test
	void create_missingFields_answers400ListingEachField() {
		HttpResponse<String> answer = create("{}");
		assertProblem(answer, 400, "urn:tombot:problem:validation");
		assertThat(parse(answer.body()).get("errors").findValuesAsString("field")).containsExactly("name", "region",
				"slug");
	}

	@Test
	void create_badSlugs_answer400() {
		for (String slug : new String[] { "ab", "Upper", "has space", "x".repeat(41), "under_score", "ünï" }) {
			HttpResponse<String> answer = create(RunningTombot.json(Map.of("slug", slug, "name", "n", "region", "eu")));
			assertProblem(answer, 400, "urn:tombot:problem:validation");
			assertThat(parse(answer.body()).get("errors").findValuesAsString("field")).as(slug).containsExactly("slug");
		}
		assertThat(create("{\"slug\":\"" + "a".repeat(40) + "\",\"name\":\"n\",\"region\":\"eu\"}").statusCode())
			.isEqualTo(201);
	}

	@Test
	void create_unknownRegion_answers400NamingTheConfiguredRegions() {
		HttpResponse<String> answer = create("{\"slug\":\"mars-co\",\"name\":\"Mars\",\"region\":\"mars\"}");
		assertProblem(answer, 400, "urn:tombot:problem:validation");
		assertThat(answer.body()).contains("region").contains("[ap, eu, us]");
	}

	@Test
	void create_duplicateSlug_answers409AndKeepsTheFirst() {
		assertThat(create("{\"slug\":\"dup-co\",\"name\":\"First\",\"region\":\"eu\"}").statusCode()).isEqualTo(201);
		assertProblem(create("{\"slug\":\"dup-co\",\"name\":\"Second\",\"region\":\"us\"}"), 409,
				"urn:tombot:problem:tenant-slug-taken");
		assertThat(parse(this.tombot.get("/api/v1/tenants/dup-co", this.operator).body()).get("name").asString())
			.isEqualTo("First");
		assertThat(homeCount(this.tombot.bean(Stores.class), "us", "dup-co")).isZero();
	}

	@Test
	void create_wrongTypesAndMalformedJson_answer400NamingTheField() {
		HttpResponse<String> wrongType = create("{\"slug\":\"typed\",\"name\":{\"a\":1},\"region\":\"eu\"}");
		assertProblem(wrongType, 400, "urn:tombot:problem:malformed-body");
		assertThat(parse(wrongType.body()).get("field").asString()).isEqualTo("name");
		HttpResponse<String> unknownField = create("{\"slug\":\"typed\",\"name\":\"n\",\"region\":\"eu\",\"owner\":\"x\"}");
		assertProblem(unknownField, 400, "urn:tombot:problem:malformed-body");
		assertThat(parse(unknownField.body()).get("field").asString()).isEqualTo("owner");
		assertThat(parse(unknownField.body()).get("detail").asString()).isEqualTo("Field 'owner' is not part of this request");
		assertProblem(create("{\"slug\":\"typed\",\"name\":"), 400, "urn:tombot:problem:malformed-body");
		assertProblem(this.tombot.send(this.tombot.jsonRequest("/api/v1/tenants", "POST", "slug=x", this.operator)
			.setHeader("Content-Type", "application/x-www-form-urlencoded")), 415, "urn:tombot:problem:unsupported-media-type");
	}

	@Test
	void create_oversizedBody_answers413WhetherDeclaredOrChunked() {
		String big = "{\"slug\":\"big\",\"name\":\"" + "x".repeat(1024 * 1024) + "\",\"region\":\"eu\"}";
		assertProblem(create(big), 413, "urn:tombot:problem:payload-too-large");
		HttpRequest.Builder chunked = HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.operator)
			.POST(HttpRequest.BodyPublishers.ofInputStream(
					() -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
		assertProblem(this.tombot.send(chunked), 413, "urn:tombot:problem:payload-too-large");
		String justUnder = "{\"slug\":\"big-ok\",\"name\":\"x\",\"region\":\"eu\"" + " ".repeat(1024 * 1024 - 60) + "}";
		assertThat(justUnder.length()).isLessThan(1024 * 1024);
		assertThat(create(justUnder).statusCode()).isEqualTo(201);
	}

	@Test
	void create_regionStoreWriteFails_answers500AndLeavesNoHalfTenant() {
		this.tombot.bean(Stores.class).region("ap").jdbc().sql("drop table tenant_home cascade").update();
		HttpResponse<String> answer = create("{\"slug\":\"half-co\",\"name\":\"Half\",\"region\":\"ap\"}");
		assertProblem(answer, 500, "urn:tombot:problem:internal");
		assertThat(parse(answer.body()).get("errorId").asString()).isNotBlank();
		assertThat(answer.body()).doesNotContain("tenant_home");
		assertProblem(this.tombot.get("/api/v1/tenants/half-co", this.operator), 404, "urn:tombot:problem:not-found");
		assertThat(this.tombot.bean(Stores.class).control().jdbc().sql("select count(*) from tenant where slug = 'half-co'")
			.query(Long.class).single()).isZero();
	}

	@Test
	void create_nameWithControlCharacters_answers400OnEveryDatabase() {
		for (String name : new String[] { "nul\u0000byte", "new\nline", "   ", "" }) {
			HttpResponse<String> answer = create(RunningTombot.json(Map.of("slug", "ctl-co", "name", name, "region", "eu")));
			assertProblem(answer, 400, "urn:tombot:problem:validation");
			assertThat(parse(answer.body()).get("errors").findValuesAsString("field")).containsOnly("name");
		}
		assertThat(create("{\"slug\":\"ctl-co\",\"name\":\"Ünïcode & Co. 株式会社\",\"region\":\"eu\"}").statusCode())
			.isEqualTo(201);
		assertProblem(this.tombot.patch("/api/v1/tenants/ctl-co", "{\"name\":\"a\\u0000b\"}", this.operator), 400,
				"urn:tombot:problem:validation");
	}

	@Test
	void tenants_sessionWithoutOperatorRole_answers403OnEveryEndpoint() {
		Stores stores = this.tombot.bean(Stores.class);
		UUID user = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now();
		stores.control().jdbc().sql("""
				insert into app_user (id, realm, username, password_hash, status, password_changed_at, created_at, updated_at)
				values (:id, 'platform', 'no-roles', 'x', 'active', :now, :now, :now)""")
			.param("id", user).param("now", now).update();
		// with a second factor, so that the answers are about its roles
		stores.control().jdbc().sql("insert into user_mfa (user_id, secret, confirmed_at) values (:id, 'x', :now)")
			.param("id", user).param("now", now).update();
		String token = "no-roles-token-" + UUID.randomUUID();
		stores.control().jdbc().sql("""
				insert into user_session (token_hash, user_id, created_at, last_used_at, expires_at)
				values (:hash, :user, :now, :now, :expires)""")
			.param("hash", sha256(token)).param("user", user).param("now", now).param("expires", now.plusHours(1))
			.update();
		create("{\"slug\":\"guarded\",\"name\":\"Guarded\",\"region\":\"eu\"}");
		assertProblem(this.tombot.get("/api/v1/tenants", token), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.get("/api/v1/tenants/guarded", token), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.post("/api/v1/tenants", "{\"slug\":\"sneaky\",\"name\":\"S\",\"region\":\"eu\"}",
				token), 403, "urn:tombot:problem:forbidden");
		assertProblem(this.tombot.patch("/api/v1/tenants/guarded", "{\"status\":\"suspended\"}", token), 403,
				"urn:tombot:problem:forbidden");
		JsonNode tenant = parse(this.tombot.get("/api/v1/tenants/guarded", this.operator).body());
		assertThat(tenant.get("status").asString()).isEqualTo("active");
		assertProblem(this.tombot.get("/api/v1/tenants/sneaky", this.operator), 404, "urn:tombot:problem:not-found");
	}

	@Test
	void patch_malformedUnknownFieldOversizedOrWrongMediaType_answersTheRightProblem() {
		create("{\"slug\":\"patch-bad\",\"name\":\"P\",\"region\":\"eu\"}");
		assertProblem(this.tombot.patch("/api/v1/tenants/patch-bad", "{\"name\":", this.operator), 400,
				"urn:tombot:problem:malformed-body");
		assertThat(parse(this.tombot.patch("/api/v1/tenants/patch-bad", "{\"owner\":\"x\"}", this.operator).body())
			.get("field").asString()).isEqualTo("owner");
		assertProblem(this.tombot.patch("/api/v1/tenants/patch-bad",
				"{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}", this.operator), 413, "urn:tombot:problem:payload-too-large");
		assertProblem(this.tombot.send(this.tombot.jsonRequest("/api/v1/tenants/patch-bad", "PATCH", "name=x", this.operator)
			.setHeader("Content-Type", "text/plain")), 415, "urn:tombot:problem:unsupported-media-type");
		assertThat(this.tombot.send(this.tombot.jsonRequest("/api/v1/tenants/patch-bad", "PATCH", "{\"name\":\"Merged\"}",
				this.operator).setHeader("Content-Type", "application/merge-patch+json")).statusCode()).isEqualTo(200);
	}

	@Test
	void patch_concurrentChangesOfDifferentFields_bothSurvive() throws Exception {
		create("{\"slug\":\"racy\",\"name\":\"Racy\",\"region\":\"eu\"}");
		for (int round = 0; round < 10; round++) {
			String status = round % 2 == 0 ? "suspended" : "active";
			String name = "Racy " + round;
			var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
			var statusChange = pool.submit(() -> this.tombot.patch("/api/v1/tenants/racy",
					"{\"status\":\"" + status + "\"}", this.operator));
			var nameChange = pool.submit(() -> this.tombot.patch("/api/v1/tenants/racy",
					"{\"name\":\"" + name + "\"}", this.operator));
			assertThat(statusChange.get().statusCode()).isEqualTo(200);
			assertThat(nameChange.get().statusCode()).isEqualTo(200);
			pool.shutdown();
			JsonNode tenant = parse(this.tombot.get("/api/v1/tenants/racy", this.operator).body());
			assertThat(tenant.get("status").asString()).as("round %d", round).isEqualTo(status);
			assertThat(tenant.get("name").asString()).as("round %d", round).isEqualTo(name);
		}
	}

	private static String sha256(String token) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void get_unknownTenant_answers404() {
		assertProblem(this.tombot.get("/api/v1/tenants/no-such", this.operator), 404, "urn:tombot:problem:not-found");
	}

	@Test
	void patch_nameAndStatus_changeAndOthersStay() {
		create("{\"slug\":\"patchy\",\"name\":\"Old\",\"region\":\"eu\"}");
		HttpResponse<String> patched = this.tombot.patch("/api/v1/tenants/patchy",
				"{\"name\":\"New\",\"status\":\"suspended\"}", this.operator);
		assertThat(patched.statusCode()).isEqualTo(200);
		JsonNode tenant = parse(patched.body());
		assertThat(tenant.get("name").asString()).isEqualTo("New");
		assertThat(tenant.get("status").asString()).isEqualTo("suspended");
		assertThat(tenant.get("region").asString()).isEqualTo("eu");
		assertThat(parse(this.tombot.get("/api/v1/tenants/patchy", this.operator).body()).get("status").asString())
			.isEqualTo("suspended");
		assertThat(this.tombot.patch("/api/v1/tenants/patchy", "{\"status\":\"active\",\"region\":\"eu\"}", this.operator)
			.statusCode()).isEqualTo(200);
	}

	@Test
	void patch_regionOrSlugChange_answers409AndChangesNothing() {
		create("{\"slug\":\"fixed\",\"name\":\"Fixed\",\"region\":\"eu\"}");
		assertProblem(this.tombot.patch("/api/v1/tenants/fixed", "{\"region\":\"us\",\"name\":\"Moved\"}", this.operator),
				409, "urn:tombot:problem:tenant-region-immutable");
		assertProblem(this.tombot.patch("/api/v1/tenants/fixed", "{\"slug\":\"other\"}", this.operator), 409,
				"urn:tombot:problem:tenant-slug-immutable");
		JsonNode tenant = parse(this.tombot.get("/api/v1/tenants/fixed", this.operator).body());
		assertThat(tenant.get("region").asString()).isEqualTo("eu");
		assertThat(tenant.get("name").asString()).isEqualTo("Fixed");
	}

	@Test
	void patch_badValues_answer400() {
		create("{\"slug\":\"strict\",\"name\":\"Strict\",\"region\":\"eu\"}");
		assertProblem(this.tombot.patch("/api/v1/tenants/strict", "{\"status\":\"deleted\"}", this.operator), 400,
				"urn:tombot:problem:validation");
		assertProblem(this.tombot.patch("/api/v1/tenants/strict", "{\"name\":\"  \"}", this.operator), 400,
				"urn:tombot:problem:validation");
		assertProblem(this.tombot.patch("/api/v1/tenants/no-such", "{\"name\":\"x\"}", this.operator), 404,
				"urn:tombot:problem:not-found");
	}

	@Test
	void tenants_withoutOrWithBadToken_answer401() {
		assertProblem(this.tombot.get("/api/v1/tenants", null), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.post("/api/v1/tenants", "{}", null), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/api/v1/tenants/dup-co", "forged"), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.patch("/api/v1/tenants/dup-co", "{}", null), 401, "urn:tombot:problem:unauthenticated");
	}

	@Test
	void routes_anonymousCaller_gets404ForUnknownPaths405ForWrongMethodsAnd401ForEndpoints() {
		assertProblem(this.tombot.get("/api/v1/nothing-here", null), 404, "urn:tombot:problem:not-found");
		assertProblem(this.tombot.get("/no/such/page", null), 404, "urn:tombot:problem:not-found");
		assertProblem(this.tombot.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants")).DELETE()), 405,
				"urn:tombot:problem:method-not-allowed");
		assertProblem(this.tombot.get("/api/v1/setup", null), 405, "urn:tombot:problem:method-not-allowed");
		assertProblem(this.tombot.get("/api/v1/tenants", null), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/api/v1/tenants/anything", null), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/actuator", null), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/actuator/env", null), 404, "urn:tombot:problem:not-found");
		assertProblem(this.tombot.get("/actuator/health/stores", null), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/webjars/swagger-ui/index.html", null), 404, "urn:tombot:problem:not-found");
		assertThat(this.tombot.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants"))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
		assertThat(this.tombot.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
		assertProblem(this.tombot.send(this.tombot.jsonRequest("/api/v1/tenants", "POST", "x", null)
			.setHeader("Content-Type", "text/plain")), 401, "urn:tombot:problem:unauthenticated");
		assertProblem(this.tombot.get("/api/v1/tenants/..;/tenants", null), 400, "urn:tombot:problem:bad-request");
	}

	@Test
	void routes_unknownPathAndWrongMethod_answer404And405() {
		assertProblem(this.tombot.get("/api/v1/nothing-here", this.operator), 404, "urn:tombot:problem:not-found");
		HttpResponse<String> delete = this.tombot
			.send(HttpRequest.newBuilder(this.tombot.uri("/api/v1/tenants")).DELETE()
				.header("Authorization", "Bearer " + this.operator));
		assertProblem(delete, 405, "urn:tombot:problem:method-not-allowed");
		assertThat(delete.headers().firstValue("Allow")).isPresent();
		assertProblem(this.tombot.get("/api/v1/setup", this.operator), 405, "urn:tombot:problem:method-not-allowed");
	}

	private static long homeCount(Stores stores, String region, String slug) {
		return stores.region(region)
			.jdbc()
			.sql("select count(*) from tenant_home where slug = :slug")
			.param("slug", slug)
			.query(Long.class)
			.single();
	}

}
