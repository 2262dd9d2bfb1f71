package ai.tombot;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No user of tenant A reaches, changes or even detects tenant B. The endpoints are found in
 * the server's own request mappings, so endpoints added later are covered without editing
 * this test; each is called, with every HTTP method it takes, by a user of A holding each
 * tenant role and by an API key of A, on B's slug and B's resource ids, and must answer 404 without any of B's
 * data. A path variable this test has no B value for fails the test, so that whoever adds
 * one also adds the B resource to try.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationMatrixTests {

	private static final String PASSWORD = "Isolation-pass-1";

	private static final List<String> TENANT_ROLES = List.of("ADMIN", "AGENT", "READ_ONLY", "AUDITOR",
			"PRIVACY_OFFICER");

	private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	private String operator;

	/** Values of B for each path variable of tenant-scoped endpoints. */
	private final Map<String, String> bValues = new TreeMap<>();

	private String aApiKey;

	/** Strings that only B's data contains. */
	private final List<String> bSecrets = new ArrayList<>();

	@BeforeAll
	void start() throws Exception {
		Map<String, String> properties = new java.util.HashMap<>(storeProperties());
		properties.put("tombot.auth.throttle-failures", "10000");
		this.tombot = RunningTombot.start(dataDir, properties);
		this.operator = this.tombot.setUpAndLogIn("ops", "Operator-pass-1234");
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}", this.operator);
		this.tombot.post("/api/v1/tenants", "{\"slug\":\"globex\",\"name\":\"Globex Secret Corp\",\"region\":\"us\"}",
				this.operator);
		for (String role : TENANT_ROLES) {
			createUser("acme", "a-" + role.toLowerCase(Locale.ROOT).replace('_', '-'), role);
			createUser("globex", "b-hidden-" + role.toLowerCase(Locale.ROOT).replace('_', '-'), role);
		}
		JsonNode bUsers = parse(this.tombot.get("/api/v1/tenants/globex/users", this.operator).body());
		JsonNode bKey = parse(this.tombot.post("/api/v1/tenants/globex/api-keys",
				"{\"name\":\"b-hidden-key\",\"scopes\":[\"messages:read\",\"messages:write\"]}", this.operator).body());
		this.bValues.put("tenant", "globex");
		this.bValues.put("users/{id}", bUsers.get(0).get("id").asString());
		this.bValues.put("api-keys/{id}", bKey.get("id").asString());
		this.bSecrets.add("Globex Secret Corp");
		this.bSecrets.add("b-hidden-");
		this.bSecrets.add(bUsers.get(0).get("id").asString());
		this.bSecrets.add(bKey.get("id").asString());
		this.bSecrets.add(bKey.get("prefix").asString());
		// B's channel and a conversation in it, with a message only B has
		JsonNode bChannel = parse(this.tombot.post("/api/v1/tenants/globex/channels",
				"{\"name\":\"b-hidden-channel\",\"kind\":\"web\"}", this.tombot.logIn("globex", "b-hidden-admin", PASSWORD))
			.body());
		HttpResponse<String> bMessage = this.tombot.post("/api/v1/tenants/globex/messages",
				json(Map.of("channel", "b-hidden-channel", "subject", Map.of("externalId", "b-hidden-customer"),
						"direction", "inbound", "author", "customer", "text", "b-hidden-text", "clientMessageId", "b-1")),
				bKey.get("key").asString());
		assertThat(bMessage.statusCode()).as(bMessage.body()).isEqualTo(201);
		JsonNode bConversation = parse(bMessage.body());
		this.bValues.put("conversations/{id}", bConversation.get("conversationId").asString());
		this.bSecrets.add(bChannel.get("id").asString());
		this.bSecrets.add(bConversation.get("conversationId").asString());
		this.bSecrets.add(bConversation.get("subject").asString());
		this.aApiKey = parse(this.tombot.post("/api/v1/tenants/acme/api-keys",
				"{\"name\":\"a-key\",\"scopes\":[\"messages:read\",\"messages:write\"]}", this.operator).body())
			.get("key")
			.asString();
	}

	/** Each tenant role of A, logged in, and A's API key with every scope. */
	private Map<String, String> callersOfA() {
		Map<String, String> callers = new TreeMap<>();
		for (String role : TENANT_ROLES) {
			callers.put(role, this.tombot.logIn("acme", "a-" + role.toLowerCase(Locale.ROOT).replace('_', '-'), PASSWORD));
		}
		callers.put("API key", this.aApiKey);
		return callers;
	}

	/** The store settings; none for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private void createUser(String tenant, String username, String role) {
		HttpResponse<String> created = this.tombot.post("/api/v1/tenants/" + tenant + "/users",
				json(Map.of("username", username, "password", PASSWORD, "roles", List.of(role))), this.operator);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	/** Every tenant-scoped endpoint of the server: method and path pattern. */
	private List<String[]> tenantScopedEndpoints() {
		RequestMappingHandlerMapping mapping = this.tombot.context()
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
		List<String[]> endpoints = new ArrayList<>();
		for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/v1/tenants/{tenant}")) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.values()) : methods) {
					endpoints.add(new String[] { method.name(), pattern });
				}
			}
		}
		return endpoints;
	}

	private String pathFor(String pattern) {
		Matcher variables = VARIABLE.matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (variables.find()) {
			// "{tenant}", or "api-keys/{id}": the segment before says whose id it is
			String before = pattern.substring(0, variables.start());
			String name = before.substring(before.lastIndexOf('/', before.length() - 2) + 1) + variables.group();
			if (!this.bValues.containsKey(name)) {
				name = variables.group(1);
			}
			assertThat(this.bValues).as("a B value for path variable %s of %s: add one in start()", variables.group(),
					pattern)
				.containsKey(name);
			variables.appendReplacement(path, this.bValues.get(name));
		}
		variables.appendTail(path);
		return path.toString();
	}

	@Test
	void everyTenantScopedEndpoint_everyTenantRoleAndApiKeyOfA_onB_answers404WithoutBsData() {
		List<String[]> endpoints = tenantScopedEndpoints();
		assertThat(endpoints).as("tenant-scoped endpoints found").hasSizeGreaterThanOrEqualTo(10);
		List<String> leaks = new ArrayList<>();
		for (Map.Entry<String, String> caller : callersOfA().entrySet()) {
			String role = caller.getKey();
			String token = caller.getValue();
			for (String[] endpoint : endpoints) {
				String method = endpoint[0];
				if (method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE")) {
					continue;
				}
				String path = pathFor(endpoint[1]);
				HttpRequest.Builder request = this.tombot.jsonRequest(path, method,
						method.equals("GET") || method.equals("DELETE") ? "" : "{}", token);
				HttpResponse<String> answer = this.tombot.send(request);
				String where = role + " " + method + " " + path;
				if (answer.statusCode() != 404 && answer.statusCode() != 405) {
					leaks.add(where + " answered " + answer.statusCode() + ": " + answer.body());
				}
				// the path the caller sent comes back in "instance"; anything else of B must not
				String shown = answer.body().replace(path, "<path>");
				for (String secret : this.bSecrets) {
					if (shown.contains(secret)) {
						leaks.add(where + " showed B's data: " + secret);
					}
				}
			}
		}
		assertThat(leaks).isEmpty();
		JsonNode bUsers = parse(this.tombot.get("/api/v1/tenants/globex/users", this.operator).body());
		assertThat(bUsers.size()).as("B's users are all still there").isEqualTo(TENANT_ROLES.size());
		assertThat(bUsers.findValuesAsString("status")).containsOnly("active");
	}

	@Test
	void answersForAnotherTenant_areIdenticalToAnswersForNoTenant() {
		for (String token : List.of(this.tombot.logIn("acme", "a-admin", PASSWORD), this.aApiKey)) {
			for (String[] endpoint : tenantScopedEndpoints()) {
				if (!endpoint[0].equals("GET")) {
					continue;
				}
				String other = this.tombot.get(pathFor(endpoint[1]), token).body();
				String none = this.tombot.get(pathFor(endpoint[1]).replace("/globex", "/no-such-co"), token).body();
				assertThat(other.replace("globex", "X")).as(endpoint[1]).isEqualTo(none.replace("no-such-co", "X"));
			}
		}
	}

}
