package ai.tombot.identity.internal;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing with the OWASP ASVS 11.4.2 parameters: 19 MiB of memory, 2 iterations,
 * parallelism 1, a 16-byte random salt and a 32-byte hash. Passwords are hashed exactly as
 * typed, never trimmed or truncated. At most two hashes per core run at once (each takes
 * 19 MiB); further callers wait their turn, so a burst of logins cannot exhaust the heap.
 */
@Component
class Passwords {

	static final int MEMORY_KIB = 19 * 1024;

	static final int ITERATIONS = 2;

	private final Semaphore slots = new Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), true);

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS);

	/** A hash of a random password, verified against when a user does not exist. */
	private final String decoy = this.encoder.encode(java.util.UUID.randomUUID() + "-decoy");

	String hash(CharSequence password) {
		return bounded(() -> this.encoder.encode(password));
	}

	boolean matches(CharSequence password, String hash) {
		return bounded(() -> this.encoder.matches(password, hash));
	}

	/** Costs what {@link #matches} costs, for callers that must not reveal a missing user. */
	void spendVerification(CharSequence password) {
		bounded(() -> this.encoder.matches(password, this.decoy));
	}

	private <T> T bounded(Supplier<T> work) {
		try {
			this.slots.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to hash a password", ex);
		}
		try {
			return work.get();
		}
		finally {
			this.slots.release();
		}
	}

}
