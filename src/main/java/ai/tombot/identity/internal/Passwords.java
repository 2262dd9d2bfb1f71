package ai.tombot.identity.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;

/**
 * Argon2id hashing with the OWASP ASVS 11.4.2 parameters: 19 MiB of memory, 2 iterations,
 * parallelism 1, a 16-byte random salt and a 32-byte hash. Passwords are hashed exactly as
 * typed, never trimmed or truncated. At most two hashes per core run at once (each takes
 * 19 MiB), so a burst of logins cannot exhaust the heap; a caller that cannot get a turn
 * within {@link #MAX_WAIT} gets 503 with Retry-After rather than holding a request thread for longer.
 */
@Component
class Passwords {

	static final int MEMORY_KIB = 19 * 1024;

	static final int ITERATIONS = 2;

	static final Duration MAX_WAIT = Duration.ofSeconds(5);

	private final Semaphore slots;

	private final Duration maxWait;

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS);

	/** A hash of a random password, verified against when a user does not exist. */
	private final String decoy = this.encoder.encode(java.util.UUID.randomUUID() + "-decoy");

	Passwords() {
		this(new Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), true), MAX_WAIT);
	}

	/** For tests: the turns to hand out and how long to wait for one. */
	Passwords(Semaphore slots, Duration maxWait) {
		this.slots = slots;
		this.maxWait = maxWait;
	}

	String hash(CharSequence password) {
		return bounded(() -> this.encoder.encode(password));
	}

	boolean matches(CharSequence password, String hash) {
		return bounded(() -> this.encoder.matches(password, hash));
	}

	/** Whether a stored hash was made with weaker parameters than today's and should be redone. */
	boolean needsRehash(String hash) {
		return this.encoder.upgradeEncoding(hash);
	}

	/** Costs what {@link #matches} costs, for callers that must not reveal a missing user. */
	void spendVerification(CharSequence password) {
		bounded(() -> this.encoder.matches(password, this.decoy));
	}

	private <T> T bounded(Supplier<T> work) {
		boolean acquired;
		try {
			acquired = this.slots.tryAcquire(this.maxWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Busy",
					"The server is busy checking passwords; retry in a few seconds").retryAfter(5);
		}
		try {
			return work.get();
		}
		finally {
			this.slots.release();
		}
	}

}
