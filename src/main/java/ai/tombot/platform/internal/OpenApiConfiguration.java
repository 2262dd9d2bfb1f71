package ai.tombot.platform.internal;

import java.util.Map;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description at {@code /v3/api-docs}. Every operation gets the problem+json
 * answers Tombot can give it (400, 404, 413 for bodies, 500; 401 and 403 when it needs a
 * session) in addition to the ones its controller declares.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Tombot API", version = "v1",
		description = "Conversations of chatbot and messaging customers, stored and served with per-tenant "
				+ "encryption and data residency. Errors are RFC 9457 application/problem+json."))
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "An opaque session token from POST /api/v1/auth/login")
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	static final String PROBLEM = "Problem";

	@Bean
	OpenApiCustomizer problemResponsesInApiDescription() {
		return api -> {
			api.getComponents().addSchemas(PROBLEM, problemSchema());
			api.getPaths().values().forEach(path -> path.readOperations().forEach(OpenApiConfiguration::addProblems));
			var health = api.getPaths().get("/actuator/health");
			if (health != null && health.getGet() != null) {
				health.getGet().getResponses().addApiResponse("503", new ApiResponse()
					.description("A store does not answer: status DOWN")
					.content(new Content().addMediaType("application/json", new MediaType())));
			}
		};
	}

	private static void addProblems(Operation operation) {
		ApiResponses responses = operation.getResponses();
		boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
		Map<String, String> defaults = new java.util.LinkedHashMap<>();
		defaults.put("400", "The request is not valid");
		if (secured) {
			defaults.put("401", "No valid bearer token");
			defaults.put("403", "The caller's roles do not allow this request");
		}
		defaults.put("404", "Not found");
		if (operation.getRequestBody() != null) {
			defaults.put("413", "The request body is larger than the limit");
		}
		defaults.put("500", "An unexpected error; the answer carries an error id");
		defaults.forEach((code, description) -> responses.putIfAbsent(code, new ApiResponse().description(description)));
		responses.forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				response.setContent(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
			}
		});
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().description("Stable identifier of the kind of problem, urn:tombot:problem:..."))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema())
			.addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema()
				.items(new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema()))
				.description("For validation problems: each invalid field and what is wrong with it"));
	}

}
