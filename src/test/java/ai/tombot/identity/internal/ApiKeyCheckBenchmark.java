package ai.tombot.identity.internal;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ai.tombot.keys.internal.TestControlKeys;

/**
 * The per-request cost of checking a credential, in one run: an API key (HMAC-SHA-256 under
 * the pepper, exactly what {@link ApiKeyService#authenticate} computes before its lookup)
 * against a password (Argon2id at the production parameters, what login verifies). The goal
 * is a ratio of at least 1000. Both also pay one indexed lookup in the control store, which
 * is the same for both and not measured here. Run with {@code tools/bench.sh ApiKeyCheckBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ApiKeyCheckBenchmark {

	private ApiKeyHasher hasher;

	private String key;

	private Passwords passwords;

	private String passwordHash;

	@Setup
	public void setUp() {
		this.hasher = new ApiKeyHasher(TestControlKeys.of(Tokens.random256().getBytes()));
		this.key = ApiKeyService.PREFIX + Tokens.random256();
		this.passwords = new Passwords();
		this.passwordHash = this.passwords.hash("Benchmark-password-1");
	}

	@Benchmark
	public String apiKeyCheck() {
		// what ApiKeyService.authenticate computes per request: the key's HMAC under the pepper
		return this.hasher.hash(this.key);
	}

	@Benchmark
	public boolean argon2idPasswordCheck() {
		return this.passwords.matches("Benchmark-password-1", this.passwordHash);
	}

}
