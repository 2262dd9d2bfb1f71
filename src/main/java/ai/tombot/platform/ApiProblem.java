package ai.tombot.platform;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client error that becomes an {@code application/problem+json} answer. The {@code type}
 * is a stable identifier clients can switch on; the detail must be safe to show to the
 * caller: no secret, no personal data, no internal state.
 */
public class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final Map<String, Object> properties;

	private long retryAfterSeconds;

	public ApiProblem(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, Map.of());
	}

	public ApiProblem(HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
		this.properties = Map.copyOf(properties);
	}

	public static ApiProblem notFound(String what) {
		return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", what + " does not exist");
	}

	public static ApiProblem conflict(String type, String detail) {
		return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail);
	}

	public static ApiProblem invalid(String field, String message) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
				"The request is not valid", Map.of("errors", java.util.List.of(Map.of("field", field, "message", message))));
	}

	/** This problem as an RFC 9457 body: status, type, title, detail and the extra properties. */
	public org.springframework.http.ProblemDetail toProblemDetail() {
		org.springframework.http.ProblemDetail problem = org.springframework.http.ProblemDetail
			.forStatusAndDetail(this.status, getMessage());
		problem.setType(ProblemTypes.uri(this.type));
		problem.setTitle(this.title);
		this.properties.forEach(problem::setProperty);
		return problem;
	}

	/** Adds a {@code Retry-After} header to the answer. */
	public ApiProblem retryAfter(long seconds) {
		this.retryAfterSeconds = Math.max(1, seconds);
		return this;
	}

	/** Seconds for a {@code Retry-After} header; 0 for none. */
	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

}
