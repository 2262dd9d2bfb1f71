package ai.tombot.platform.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.StoreOutages;
import ai.tombot.platform.Stores.UnknownRegionException;

/**
 * The one place where exceptions become HTTP answers: RFC 9457 problem+json with a stable
 * {@code type}, never a stack trace, a SQL statement or a value the client sent.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> apiProblem(ApiProblem ex) {
		return answer(ex);
	}

	/** The problem as an answer, with Retry-After when it has one; also for the error controller. */
	static ResponseEntity<ProblemDetail> answer(ApiProblem ex) {
		ProblemDetail problem = ex.toProblemDetail();
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(ex.status());
		if (ex.retryAfterSeconds() > 0) {
			answer.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		}
		return answer.body(problem);
	}

	@ExceptionHandler(UnknownRegionException.class)
	ResponseEntity<ProblemDetail> unknownRegion(UnknownRegionException ex) {
		return apiProblem(ApiProblem.invalid("region", ex.getMessage()));
	}

	/**
	 * Parameters the server could not read: a form over the size limit (413), or a query string
	 * or form that does not decode, such as {@code ?%zz=1} (400); the client's error, not the
	 * server's.
	 */
	@ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
	ResponseEntity<ProblemDetail> malformedParameters(org.apache.tomcat.util.http.InvalidParameterException ex) {
		if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
			return apiProblem(new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
					"Request too large", "The form is larger than this server takes"));
		}
		return apiProblem(ApiProblem.invalid("parameters", "are not well-formed (percent-encoding or character set)"));
	}

	/**
	 * A row lock not had in time (the store is busy with the same rows): nothing was done, and
	 * the same request later will do.
	 */
	@ExceptionHandler(org.springframework.dao.PessimisticLockingFailureException.class)
	ResponseEntity<ProblemDetail> busy(org.springframework.dao.PessimisticLockingFailureException ex) {
		log.warn("A request waited too long for a row lock and was not done ({})", ex.getClass().getSimpleName());
		return apiProblem(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Busy",
				"The request was not done: the data it changes was busy. Try again.").retryAfter(1));
	}

	/** Left to Spring Security, which answers 401 or 403 through Tombot's entry points. */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	void security(RuntimeException ex) {
		throw ex;
	}

	/** The problem for a request that failed because a store is unreachable (see {@link StoreOutages}). */
	static ApiProblem storeUnavailable() {
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Store unavailable",
				"A data store cannot be reached. If it went away while the request was being committed, the request "
						+ "may have taken effect: check before repeating one that is not idempotent. A message sent "
						+ "again with the same clientMessageId is stored at most once.")
			.retryAfter(2);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (ex instanceof org.springframework.transaction.TransactionSystemException rollback
				&& rollback.getApplicationException() instanceof ApiProblem problem) {
			// The action failed with a problem of its own (e.g. 503: its audit entry could not
			// be written), and then the rollback failed too, on the same lost connection: the
			// client is told why the action failed.
			log.warn("The rollback after a failed request failed too: {}", StoreOutages.describe(rollback));
			return apiProblem(problem);
		}
		if (StoreOutages.causedBy(ex)) {
			log.warn("A request failed because a store cannot be reached: {}", StoreOutages.describe(ex));
			return apiProblem(storeUnavailable());
		}
		String incident = UUID.randomUUID().toString();
		log.error("Unexpected error {} ({})", incident, ex.getClass().getName(), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; quote error id " + incident + " to the operator");
		problem.setType(ProblemTypes.uri(ProblemTypes.INTERNAL));
		problem.setTitle("Internal error");
		problem.setProperty("errorId", incident);
		return ResponseEntity.internalServerError().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"There is no endpoint at " + ex.getHttpMethod() + " /" + ex.getResourcePath());
		problem.setType(ProblemTypes.uri(ProblemTypes.NOT_FOUND));
		problem.setTitle("Not found");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.sorted((a, b) -> a.get("field").compareTo(b.get("field")))
			.toList();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request is not valid: " + String.join(", ", errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList()));
		problem.setType(ProblemTypes.uri(ProblemTypes.VALIDATION));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.BodyTooLargeException) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
						cause.getMessage());
				problem.setType(ProblemTypes.uri(ProblemTypes.PAYLOAD_TOO_LARGE));
				problem.setTitle("Payload too large");
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
			}
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
		problem.setType(ProblemTypes.uri(ProblemTypes.MALFORMED_BODY));
		problem.setTitle("Malformed request body");
		String field = field(ex);
		if (field != null) {
			problem.setProperty("field", field);
		}
		return ResponseEntity.badRequest().body(problem);
	}

	/** Says what is wrong and where, without echoing the value that was sent. */
	private static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		String field = field(ex);
		if (cause instanceof StreamReadException read) {
			String where = read.getLocation() != null
					? " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr() : "";
			return "The request body is not well-formed JSON" + where + (field != null ? " (in field '" + field + "')" : "");
		}
		if (cause instanceof UnrecognizedPropertyException && field != null) {
			return "Field '" + field + "' is not part of this request";
		}
		if (cause instanceof DatabindException && field != null) {
			return "Field '" + field + "' has a value of the wrong type";
		}
		if (cause instanceof JacksonException) {
			return "The request body does not have the expected JSON shape";
		}
		return "The request body is missing or cannot be read";
	}

	/** The JSON path of the field the parser was in, e.g. {@code slug} or {@code items[2].name}. */
	static String field(HttpMessageNotReadableException ex) {
		if (!(ex.getCause() instanceof JacksonException jackson) || jackson.getPath().isEmpty()) {
			return null;
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : jackson.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? null : path.toString();
	}

	/** Gives every answer of the base class a Tombot type instead of {@code about:blank}. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			problem.setType(ProblemTypes.uri(ProblemTypes.forStatus(status.value())));
		}
		return super.createResponseEntity(body, headers, status, request);
	}

}
