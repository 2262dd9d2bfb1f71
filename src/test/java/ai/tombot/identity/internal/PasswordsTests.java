package ai.tombot.identity.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import ai.tombot.platform.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordsTests {

	private final Passwords passwords = new Passwords();

	@Test
	void hash_usesArgon2idWithAsvsParameters() {
		assertThat(this.passwords.hash("Some-password-1")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
	}

	@Test
	void matches_passwordExactlyAsTyped_notTrimmedNorTruncated() {
		String longPassword = "x1".repeat(64) + "tail";
		String hash = this.passwords.hash(longPassword);
		assertThat(this.passwords.matches(longPassword, hash)).isTrue();
		assertThat(this.passwords.matches(longPassword.substring(0, 128), hash)).isFalse();
		assertThat(this.passwords.matches(" " + longPassword, hash)).isFalse();
	}

	@Test
	void hash_noTurnFreeWithinTheWait_answers503InsteadOfBlocking() {
		Passwords busy = new Passwords(new Semaphore(0), Duration.ofMillis(50));
		assertThatThrownBy(() -> busy.matches("Some-password-1", "$argon2id$x"))
			.isInstanceOfSatisfying(ApiProblem.class,
					problem -> assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
	}

}
