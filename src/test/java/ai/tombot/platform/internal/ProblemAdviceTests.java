package ai.tombot.platform.internal;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures whose answer is not obvious from their class: what the fault harness met while
 * PostgreSQL went away (a rollback that failed after the action had already failed).
 */
class ProblemAdviceTests {

	private final ProblemAdvice advice = new ProblemAdvice();

	@Test
	void rollbackFailedAfterAnApiProblem_answersTheApiProblem() {
		ApiProblem audit = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Audit unavailable",
				"The action was not done, because its audit entry could not be written. Try again later.")
			.retryAfter(5);
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(audit);

		ResponseEntity<ProblemDetail> answer = this.advice.unexpected(rollback);

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(answer.getBody().getTitle()).isEqualTo("Audit unavailable");
	}

	@Test
	void lostConnection_answers503WithRetryAfter_andABugStays500() {
		ResponseEntity<ProblemDetail> outage = this.advice
			.unexpected(new RuntimeException(new SQLException("An I/O error occurred", "08006")));
		assertThat(outage.getStatusCode().value()).isEqualTo(503);
		assertThat(outage.getHeaders().getFirst("Retry-After")).isEqualTo("2");
		assertThat(outage.getBody().getType().toString()).isEqualTo("urn:tombot:problem:unavailable");

		assertThat(this.advice.unexpected(new IllegalStateException("bug")).getStatusCode().value()).isEqualTo(500);
	}

}
