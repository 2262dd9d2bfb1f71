package ai.tombot.redaction.internal;

import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import ai.tombot.redaction.Detectors;

/**
 * The scanner ({@link Detectors#scan(CharSequence, String)}, phone numbers of region US) over
 * {@link ScannerCorpus#chat()}, one call per message as ingest and {@code ./tombot scan} call
 * it, against {@link RegexScanner}, the same detection with {@code java.util.regex}, over the
 * same messages in the same run (goal: the scanner 5 times faster; {@code ScannerBaselineTests}
 * checks that both find the same). One thread. Run with {@code tools/bench.sh scanner}, which
 * also compares adversarial text with chat text, per byte ({@link ScannerAlternation}: the two
 * by turns in one JVM, not as JMH benchmarks in forks minutes apart).
 *
 * <p>Five warm-up iterations: with three, the chat corpus was still being compiled in the first
 * measured iterations (9.6 ms falling to 9.0 ms in one run on two cores), which measured the
 * compiler as much as the scanner.
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

}
