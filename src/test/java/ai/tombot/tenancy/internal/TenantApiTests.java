package ai.tombot.tenancy.internal;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

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
		// a third region, "ap", whose store the failure test below breaks
		this.tombot = RunningTombot.start(dataDir, Map.of("tombot.regions.ap.store.url", ""));
		this.operator = this.tombot.setUpAndLogIn("ops", "Tenant-tests-pass-1");
	}

	@AfterAll
	void stop() {
		this.tombot.close();
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
		this.tombot.bean(Stores.class).region("ap").jdbc().sql("drop table tenant_home").update();
		HttpResponse<String> answer = create("{\"slug\":\"half-co\",\"name\":\"Half\",\"region\":\"ap\"}");
		assertProblem(answer, 500, "urn:tombot:problem:internal");
		assertThat(parse(answer.body()).get("errorId").asString()).isNotBlank();
		assertThat(answer.body()).doesNotContain("tenant_home");
		assertProblem(this.tombot.get("/api/v1/tenants/half-co", this.operator), 404, "urn:tombot:problem:not-found");
		assertThat(this.tombot.bean(Stores.class).control().jdbc().sql("select count(*) from tenant where slug = 'half-co'")
			.query(Long.class).single()).isZero();
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
