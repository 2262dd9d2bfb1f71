package ai.tombot.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * Verifying a chain of 1,000,000 entries in an embedded region store (reading every entry,
 * re-hashing it, following the chain, checking its 1,000 signed checkpoints; the entries sealed
 * in segments of 1,000 as the writer seals them, see {@link Segments}), against raw
 * SHA-256 over the same bytes, already in memory: the byte strings verification hashes, one
 * digest each. Both benchmarks make the same entries (same generator and seed: a fixed chain,
 * actor, times and ids, as a writer would record reads over HTTPS) in their own fork. Goal:
 * verification costs at most 2 times the raw hashing. Run with {@code tools/bench.sh}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class AuditVerifyBenchmark {

	/** 1,000,000; {@code tools/bench.sh --quick} sets 100,000 ({@code -Dbench.audit-entries}). */
	static final int ENTRIES = Integer.getInteger("bench.audit-entries", 1_000_000);

	static final String CHAIN = "6f1c2b1e-0000-4000-8000-00000000bench";

	/** The i-th entry (from 1) of the benchmark's chain, chained onto {@code previous}. */
	static AuditRow entry(long seq, String previous, Random random) {
		return new AuditRow(CHAIN, seq, Instant.parse("2026-01-01T00:00:00Z").plusMillis(seq), "user",
				"0b7f3c5e-1f44-4b7a-9d2e-2c1a5e6f7a8b", UUID.fromString("6f1c2b1e-0000-4000-8000-000000000001"),
				"message.read", "conversation", new UUID(random.nextLong(), random.nextLong()).toString(),
				"sub_" + new UUID(random.nextLong(), random.nextLong()), "success", null, "203.0.113.7",
				"bench-client/1.0 (Linux; x86_64) java-http-client/17",
				new UUID(random.nextLong(), random.nextLong()).toString(), previous, null);
	}

	/** The chain in a store. */
	@State(Scope.Benchmark)
	public static class Chain {

		private Path dataDir;

		private RunningTombot tombot;

		private Store store;

		private AuditVerifier verifier;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.dataDir = Files.createTempDirectory("tombot-bench");
			this.tombot = RunningTombot.start(this.dataDir, Map.of("logging.level.root", "WARN"));
			this.store = this.tombot.bean(Stores.class).region("eu");
			this.verifier = this.tombot.bean(AuditVerifier.class);
			Checkpoints checkpoints = this.tombot.bean(Checkpoints.class);
			// entries as a writer makes them (see ChainWriter), inserted directly so that a
			// million of them take minutes, not hours; the verification below shows they chain
			this.store.tx().executeWithoutResult(status -> this.store.jdbc()
				.sql("insert into audit_head (chain, seq, hash) values (:chain, 0, :hash)")
				.param("chain", CHAIN)
				.param("hash", AuditRow.GENESIS)
				.update());
			Random random = new Random(42);
			String[] previous = { AuditRow.GENESIS };
			// a transaction per 1,000 entries, each sealed at its end as the writer seals them
			for (long from = 1; from <= ENTRIES; from += 1_000) {
				long first = from;
				this.store.tx().executeWithoutResult(status -> {
					long seq = first;
					for (; seq < first + 1_000 && seq <= ENTRIES; seq++) {
						AuditRow row = entry(seq, previous[0], random);
						String hash = row.hash(previous[0]);
						row.withHash(hash).insert(this.store.jdbc());
						previous[0] = hash;
						if (seq % 1000 == 0) {
							checkpoints.write(this.store, CHAIN, seq, hash);
							ChainWriter.seal(this.store, CHAIN, seq, 1000, 1000); // as the writer does, by default
						}
					}
					this.store.jdbc()
						.sql("update audit_head set seq = :seq, hash = :hash where chain = :chain")
						.param("seq", seq - 1)
						.param("hash", previous[0])
						.param("chain", CHAIN)
						.update();
				});
			}
			AuditVerifier.ChainReport report = this.verifier.verify(this.store, CHAIN);
			if (!report.intact() || report.entries() != ENTRIES) {
				throw new IllegalStateException("the benchmark's chain is not as written: " + report);
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws java.io.IOException {
			this.tombot.close();
			// the store of a million entries is gigabytes: left behind, runs fill the disk
			org.springframework.util.FileSystemUtils.deleteRecursively(this.dataDir);
		}

	}

	/** The bytes verification hashes for the chain, in memory. */
	@State(Scope.Benchmark)
	public static class Bytes {

		private List<byte[]> hashed;

		@Setup(Level.Trial)
		public void setUp() {
			Random random = new Random(42);
			this.hashed = new ArrayList<>(ENTRIES);
			String previous = AuditRow.GENESIS;
			for (long seq = 1; seq <= ENTRIES; seq++) {
				AuditRow row = entry(seq, previous, random);
				this.hashed.add(row.hashed(previous));
				previous = row.hash(previous);
			}
		}

	}

	@Benchmark
	public AuditVerifier.ChainReport verifyChain(Chain chain) {
		AuditVerifier.ChainReport report = chain.verifier.verify(chain.store, CHAIN);
		if (!report.intact() || report.entries() != ENTRIES) {
			throw new IllegalStateException("verification did not pass over every entry: " + report);
		}
		return report;
	}

	@Benchmark
	public byte[] sha256SameBytes(Bytes bytes) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] last = null;
		for (byte[] one : bytes.hashed) {
			last = digest.digest(one);
		}
		return last;
	}

}
