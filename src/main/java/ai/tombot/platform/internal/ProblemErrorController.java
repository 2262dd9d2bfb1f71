package ai.tombot.platform.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.StoreOutages;

/**
 * Answers errors that happen outside Spring MVC's handlers (in filters, in the servlet
 * container) as problem+json, in place of Spring Boot's default error document. It shows the
 * status only: never the exception, its message or a trace.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& StoreOutages.causedBy(failure)) {
			// e.g. an API key's lookup in the authentication filter while the control store is down
			ResponseEntity<ProblemDetail> unavailable = ProblemAdvice.answer(ProblemAdvice.storeUnavailable());
			return ResponseEntity.status(unavailable.getStatusCode())
				.headers(unavailable.getHeaders())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(unavailable.getBody());
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
				: HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setType(ProblemTypes.uri(ProblemTypes.forStatus(status.value())));
		problem.setTitle(status.getReasonPhrase());
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			try {
				problem.setInstance(java.net.URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// a path that is not a valid URI is left out rather than echoed
			}
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
