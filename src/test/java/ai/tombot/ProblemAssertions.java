package ai.tombot;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that an answer is the RFC 9457 problem it should be, and leaks nothing internal. */
public final class ProblemAssertions {

	private ProblemAssertions() {
	}

	public static JsonNode assertProblem(HttpResponse<String> answer, int status, String type) {
		return assertProblem(answer, status, type, "");
	}

	public static JsonNode assertProblem(HttpResponse<String> answer, int status, String type, String detailContains) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = RunningTombot.parse(answer.body());
		assertThat(problem.get("type").asString()).isEqualTo(type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(answer.body()).contains(detailContains)
			.doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain("at ai.tombot")
			.doesNotContainIgnoringCase("select ");
		return problem;
	}

}
