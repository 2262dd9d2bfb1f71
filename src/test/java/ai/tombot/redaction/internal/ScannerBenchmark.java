package ai.tombot.redaction.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import ai.tombot.redaction.Detectors;

/**
 * The scanner ({@link Detectors#scan(CharSequence, String)}, phone numbers of region US) over
 * {@link ScannerCorpus#chat()}, one call per message as ingest and {@code ./tombot scan} call
 * it, against {@link RegexScanner}, the same detection with {@code java.util.regex}, over the
 * same messages in the same run (goal: the scanner 5 times faster; {@code ScannerBaselineTests}
 * checks that both find the same). And the scanner over each adversarial corpus, one message
 * as many UTF-8 bytes long as the chat corpus, so that times compare per byte directly (goal:
 * at most twice the chat corpus's). One thread. Run with {@code tools/bench.sh scanner}.
 *
 * <p>Five warm-up iterations: with three, the chat corpus and some adversarial corpora were
 * still being compiled in the first measured iterations (chat 9.6 ms falling to 9.0 ms, hex
 * and colons 12.4 ms then 9.7-9.9 ms, in one run on two cores), which measured the compiler
 * as much as the scanner.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class ScannerBenchmark {

	private List<String> chat;

	/** An adversarial corpus, chosen by {@code kind}. */
	@State(Scope.Benchmark)
	public static class Adversarial {

		@Param
		public ScannerCorpus.Kind kind;

		List<String> corpus;

		@Setup
		public void setUp() {
			this.corpus = ScannerCorpus.adversarial(this.kind);
		}

	}

	@Setup
	public void setUp() {
		this.chat = ScannerCorpus.chat();
	}

	@Benchmark
	public void scan(Blackhole findings) {
		for (String message : this.chat) {
			findings.consume(Detectors.scan(message, "US"));
		}
	}

	@Benchmark
	public void regexBaseline(Blackhole findings) {
		for (String message : this.chat) {
			findings.consume(RegexScanner.scan(message, "US"));
		}
	}

	@Benchmark
	public void scanAdversarial(Adversarial adversarial, Blackhole findings) {
		for (String message : adversarial.corpus) {
			findings.consume(Detectors.scan(message, "US"));
		}
	}

}
