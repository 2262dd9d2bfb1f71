package ai.tombot.platform.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import ai.tombot.RunningTombot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document must describe every endpoint the server answers: this test lists the
 * server's own request mappings and fails for any that the document lacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionTests {

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	private JsonNode api;

	@BeforeAll
	void start() {
		this.tombot = RunningTombot.start(dataDir);
		HttpResponse<String> answer = this.tombot.get("/v3/api-docs", null);
		assertThat(answer.statusCode()).isEqualTo(200);
		this.api = RunningTombot.parse(answer.body());
	}

	@AfterAll
	void stop() {
		this.tombot.close();
	}

	@Test
	void apiDocs_everyEndpointOfTheServer_isDescribed() {
		List<String> missing = new ArrayList<>();
		RequestMappingHandlerMapping mapping = this.tombot.context()
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
		int checked = 0;
		for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
			for (String path : info.getPatternValues()) {
				if (!path.startsWith("/api/")) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				if (methods.isEmpty()) {
					checked++;
					if (!this.api.path("paths").has(path)) {
						missing.add("ANY " + path);
					}
				}
				for (RequestMethod method : methods) {
					checked++;
					JsonNode operation = this.api.path("paths").path(path).path(method.name().toLowerCase(Locale.ROOT));
					if (operation.isMissingNode()) {
						missing.add(method + " " + path);
					}
				}
			}
		}
		assertThat(checked).isGreaterThanOrEqualTo(6);
		assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();
		assertThat(this.api.path("paths").has("/actuator/health")).isTrue();
	}

	@Test
	void apiDocs_everyOperation_documentsProblemJsonErrors() {
		this.api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
			JsonNode responses = operation.getValue().path("responses");
			assertThat(responses.has("400") || path.getKey().startsWith("/actuator")).as(path.getKey()).isTrue();
			responses.properties().forEach(response -> {
				boolean healthDown = path.getKey().equals("/actuator/health") && response.getKey().equals("503");
				if (!healthDown && (response.getKey().startsWith("4") || response.getKey().startsWith("5"))) {
					assertThat(response.getValue().path("content").has("application/problem+json"))
						.as(operation.getKey() + " " + path.getKey() + " " + response.getKey())
						.isTrue();
				}
			});
		}));
	}

	@Test
	void apiDocs_operatorEndpoints_requireTheBearerScheme() {
		assertThat(this.api.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		JsonNode create = this.api.at("/paths/~1api~1v1~1tenants/post");
		assertThat(create.path("security").toString()).contains("bearer");
		assertThat(create.path("responses").has("401")).isTrue();
		assertThat(create.path("responses").has("409")).isTrue();
		assertThat(this.api.at("/paths/~1api~1v1~1tenants~1{tenant}/patch/responses").has("409")).isTrue();
		assertThat(this.api.at("/paths/~1api~1v1~1auth~1login/post/security").isMissingNode()).isTrue();
		assertThat(this.api.at("/paths/~1api~1v1~1setup/post/responses").has("409")).isTrue();
	}

	@Test
	void swaggerUi_notEnabled_isNotServed() {
		assertThat(this.tombot.get("/swagger-ui.html", null).statusCode()).isEqualTo(404);
		assertThat(this.tombot.get("/swagger-ui/index.html", null).statusCode()).isEqualTo(404);
		assertThat(this.tombot.get("/webjars/swagger-ui/index.html", null).statusCode()).isEqualTo(404);
	}

	@Test
	void swaggerUi_enabledByProperty_isServed(@TempDir Path otherDataDir) {
		try (RunningTombot withUi = RunningTombot.start(otherDataDir, java.util.Map.of("tombot.api.ui", "true"))) {
			HttpResponse<String> page = withUi.get("/swagger-ui/index.html", null);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).containsIgnoringCase("swagger");
		}
	}

}
