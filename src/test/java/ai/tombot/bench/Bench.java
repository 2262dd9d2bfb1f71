package ai.tombot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import tools.jackson.databind.json.JsonMapper;

import ai.tombot.redaction.internal.ScannerAlternation;
import ai.tombot.redaction.internal.ScannerCorpus;

import benchmarks.IngestLoadHarness;

/**
 * Runs every benchmark of Tombot ({@code ./tombot bench}, {@code tools/bench.sh}), each against
 * its baseline measured in the same run: the JMH benchmarks (scanner, envelope encryption,
 * API-key check, audit chain), the scanner on adversarial text against chat text, scanned by
 * turns in one JVM ({@link ScannerAlternation}), and ingest over HTTPS against an echo endpoint
 * of the same server ({@link IngestLoadHarness}). Prints one line per comparison with the ratio and the
 * goal, and writes {@code target/bench/results.json} as a list of
 * {@code {"name","value","baseline","ratio","goal","met"}} (values in microseconds per operation
 * or per message; the ratio is baseline / value, so higher is better). {@code --quick} runs
 * shorter iterations and verifies 100,000 audit entries instead of 1,000,000; other arguments
 * choose the comparisons whose names contain them (e.g. {@code audit}, {@code ingest}).
 * Throughputs (MB/s against a goal) print after the comparisons.
 */
public final class Bench {

	/**
	 * A benchmark and its baseline: {@code ratio = baseline time / benchmark time} must reach
	 * {@code goal} (below 1 when the benchmark may cost more than its baseline).
	 *
	 * @param params JMH parameters of the benchmark, e.g. {@code size=256}; empty for none
	 * @param baselineParams the baseline's, the same as the benchmark's unless given
	 */
	record Comparison(String name, String benchmark, String baseline, String params, String baselineParams,
			double goal) {

		Comparison(String name, String benchmark, String baseline, String params, double goal) {
			this(name, benchmark, baseline, params, params, goal);
		}

	}

	/**
	 * A benchmark that reads {@code bytes} bytes per operation, and the throughput it must reach:
	 * printed in MB/s (10^6 bytes a second). In {@code results.json} its baseline is the time the
	 * goal allows for those bytes, so its ratio reaches 1 when the goal is met.
	 */
	record Throughput(String name, String benchmark, String params, Supplier<Long> bytes, double goalMegabytesPerSecond) {
	}

	private static final String SCANNER = "ai.tombot.redaction.internal.ScannerBenchmark.";

	/**
	 * The scanner on an adversarial corpus against the chat corpus, per byte (each adversarial
	 * corpus has as many UTF-8 bytes as the chat corpus): not JMH, but both scanned by turns in a
	 * JVM of their own ({@link ScannerAlternation}), goal {@link ScannerAlternation#GOAL}.
	 */
	record Adversarial(String name, ScannerCorpus.Kind kind) {

		Adversarial(String what, String kind) {
			this("scanner: " + what + " vs chat text, per byte", ScannerCorpus.Kind.valueOf(kind));
		}

	}

	static final List<Adversarial> ADVERSARIAL = List.of(new Adversarial("long digit runs", "DIGITS"),
			new Adversarial("spaced digit runs", "SPACED_DIGITS"), new Adversarial("dashed digit runs", "DASHED_DIGITS"),
			new Adversarial("separator runs", "SEPARATORS"), new Adversarial("@ and dot runs", "AT_SIGNS_AND_DOTS"),
			new Adversarial("hex and colon runs", "HEX_AND_COLONS"));

	/** Warm-up and measured time of each {@link Adversarial}; the second pair with {@code --quick}. */
	static final Duration ADVERSARIAL_WARM_UP = Duration.ofSeconds(10);

	static final Duration ADVERSARIAL_MEASURED = Duration.ofSeconds(10);

	static final Duration QUICK_ADVERSARIAL_WARM_UP = Duration.ofSeconds(2);

	static final Duration QUICK_ADVERSARIAL_MEASURED = Duration.ofSeconds(1);

	private static final String ENVELOPE = "ai.tombot.keys.internal.EnvelopeBenchmark.";

	/** Entries of the audit chain that is verified; fewer with {@code --quick}. */
	static final int AUDIT_ENTRIES = 1_000_000;

	static final int QUICK_AUDIT_ENTRIES = 100_000;

	static List<Comparison> comparisons(boolean quick) {
		return List.of(
			new Comparison("api-key check vs Argon2id password check",
					"ai.tombot.identity.internal.ApiKeyCheckBenchmark.apiKeyCheck",
					"ai.tombot.identity.internal.ApiKeyCheckBenchmark.argon2idPasswordCheck", "", 1000),
			new Comparison("envelope enc+dec 256 B vs bare JCE GCM", ENVELOPE + "facade", ENVELOPE + "bareJce", "size=256",
					1 / 1.5),
			new Comparison("envelope enc+dec 1 KiB vs bare JCE GCM", ENVELOPE + "facade", ENVELOPE + "bareJce",
					"size=1024", 1 / 1.5),
			new Comparison("envelope enc+dec 4 KiB vs bare JCE GCM", ENVELOPE + "facade", ENVELOPE + "bareJce",
					"size=4096", 1 / 1.5),
			new Comparison("audited write vs same write without audit",
					"ai.tombot.audit.internal.AuditWriteBenchmark.auditedWrite",
					"ai.tombot.audit.internal.AuditWriteBenchmark.write", "", 1 / 1.5),
			new Comparison(String.format(Locale.ROOT, "verify %,d audit entries vs raw SHA-256",
					quick ? QUICK_AUDIT_ENTRIES : AUDIT_ENTRIES),
					"ai.tombot.audit.internal.AuditVerifyBenchmark.verifyChain",
					"ai.tombot.audit.internal.AuditVerifyBenchmark.sha256SameBytes", "", 1 / 2.0),
			new Comparison("scanner vs java.util.regex (chat corpus)", SCANNER + "scan", SCANNER + "regexBaseline", "",
					5));
	}

	static final List<Throughput> THROUGHPUTS = List.of(new Throughput("scanner throughput (chat corpus)",
			SCANNER + "scan", "", () -> ScannerCorpus.bytes(ScannerCorpus.chat()), 100));

	/** Ingest over HTTPS (benchmarks.IngestLoadHarness), not JMH: a whole server on loopback. */
	static final String INGEST = "ingest over HTTPS: single message vs echo";

	record Result(String name, double value, double baseline, double ratio, double goal, boolean met) {
	}

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		boolean quick = List.of(args).contains("--quick");
		List<String> only = List.of(args).stream().filter(arg -> !arg.startsWith("--")).toList();
		List<Comparison> chosen = comparisons(quick).stream()
			.filter(comparison -> only.isEmpty() || only.stream().anyMatch(comparison.name()::contains))
			.toList();
		List<Throughput> throughputs = THROUGHPUTS.stream()
			.filter(throughput -> only.isEmpty() || only.stream().anyMatch(throughput.name()::contains))
			.toList();
		List<Adversarial> adversarial = ADVERSARIAL.stream()
			.filter(corpus -> only.isEmpty() || only.stream().anyMatch(corpus.name()::contains))
			.toList();
		boolean ingest = only.isEmpty() || only.stream().anyMatch(INGEST::contains);
		if (chosen.isEmpty() && throughputs.isEmpty() && adversarial.isEmpty() && !ingest) {
			throw new IllegalArgumentException("no benchmark's name contains any of " + only);
		}
		OptionsBuilder options = new OptionsBuilder();
		for (Comparison comparison : chosen) {
			options.include("^" + java.util.regex.Pattern.quote(comparison.benchmark()) + "$");
			options.include("^" + java.util.regex.Pattern.quote(comparison.baseline()) + "$");
		}
		for (Throughput throughput : throughputs) {
			options.include("^" + java.util.regex.Pattern.quote(throughput.benchmark()) + "$");
		}
		if (quick) {
			options.jvmArgsPrepend("-Dbench.audit-entries=" + QUICK_AUDIT_ENTRIES);
			options.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(250))
				.measurementIterations(2)
				.measurementTime(TimeValue.milliseconds(250));
		}
		Collection<RunResult> runs = chosen.isEmpty() && throughputs.isEmpty() ? List.of()
				: new Runner(options.build()).run();
		Map<String, Double> micros = new LinkedHashMap<>();
		for (RunResult run : runs) {
			double score = run.getPrimaryResult().getScore();
			String unit = run.getPrimaryResult().getScoreUnit();
			String params = run.getParams().getParamsKeys().stream()
				.map(key -> key + "=" + run.getParams().getParam(key))
				.sorted()
				.reduce((a, b) -> a + "," + b)
				.orElse("");
			micros.put(run.getParams().getBenchmark() + "|" + params, toMicros(score, unit));
		}
		List<ScannerAlternation.Measured> alternated = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		for (Adversarial corpus : adversarial) {
			try {
				alternated.add(ScannerAlternation.measure(corpus.kind(),
						quick ? QUICK_ADVERSARIAL_WARM_UP : ADVERSARIAL_WARM_UP,
						quick ? QUICK_ADVERSARIAL_MEASURED : ADVERSARIAL_MEASURED));
			}
			catch (IOException | RuntimeException ex) {
				// one corpus that fails to measure is reported; the others and the rest still run
				System.out.println(corpus.name() + ": " + ex);
				failed.add(corpus.name());
			}
		}
		List<Result> results = new ArrayList<>();
		System.out.println();
		for (Comparison comparison : chosen) {
			Double measuredValue = micros.get(comparison.benchmark() + "|" + comparison.params());
			Double measuredBaseline = micros.get(comparison.baseline() + "|" + comparison.baselineParams());
			if (measuredValue == null || measuredBaseline == null) {
				failed.add(comparison.name());
				System.out.printf(Locale.ROOT, "%-45s FAILED: JMH gave no result (see its output above)%n",
						comparison.name());
				continue;
			}
			double value = measuredValue;
			double baseline = measuredBaseline;
			double ratio = baseline / value;
			Result result = new Result(comparison.name(), value, baseline, ratio, comparison.goal(),
					ratio >= comparison.goal());
			results.add(result);
			System.out.printf(Locale.ROOT, "%-45s %12.3f us vs %12.3f us  ratio %10.2f  goal >= %.2f  %s%n",
					comparison.name(), value, baseline, ratio, comparison.goal(), result.met() ? "MET" : "NOT MET");
		}
		for (Adversarial corpus : adversarial) {
			ScannerAlternation.Measured measured = alternated.stream()
				.filter(candidate -> candidate.kind() == corpus.kind())
				.findFirst()
				.orElse(null);
			if (measured == null) {
				System.out.printf(Locale.ROOT, "%-45s FAILED: no result (see its output above)%n", corpus.name());
				continue;
			}
			Result result = new Result(corpus.name(), measured.adversarialMicros(), measured.chatMicros(),
					measured.ratio(), ScannerAlternation.GOAL, measured.ratio() >= ScannerAlternation.GOAL);
			results.add(result);
			System.out.printf(Locale.ROOT, "%-45s %12.3f us vs %12.3f us  ratio %10.2f  goal >= %.2f  %s%n",
					corpus.name(), result.value(), result.baseline(), result.ratio(), result.goal(),
					result.met() ? "MET" : "NOT MET");
		}
		for (Throughput throughput : throughputs) {
			Double measuredValue = micros.get(throughput.benchmark() + "|" + throughput.params());
			if (measuredValue == null) {
				failed.add(throughput.name());
				System.out.printf(Locale.ROOT, "%-45s FAILED: JMH gave no result (see its output above)%n",
						throughput.name());
				continue;
			}
			double value = measuredValue;
			long bytes = throughput.bytes().get();
			double megabytesPerSecond = bytes / value; // bytes per microsecond are MB/s
			double allowed = bytes / throughput.goalMegabytesPerSecond();
			Result result = new Result(throughput.name(), value, allowed, allowed / value, 1,
					megabytesPerSecond >= throughput.goalMegabytesPerSecond());
			results.add(result);
			System.out.printf(Locale.ROOT, "%-45s %12.3f us for %d bytes: %8.1f MB/s  goal >= %.0f MB/s  %s%n",
					throughput.name(), value, bytes, megabytesPerSecond, throughput.goalMegabytesPerSecond(),
					result.met() ? "MET" : "NOT MET");
		}
		if (ingest) {
			IngestLoadHarness.Measured measured = IngestLoadHarness.measure(quick);
			// per message, so that the ratio is single ingest's messages a second over echo's
			double value = 1e6 / measured.single().perSecond();
			double baseline = 1e6 / measured.echo().perSecond();
			Result result = new Result(INGEST, value, baseline, measured.ratio(), IngestLoadHarness.GOAL,
					measured.ratio() >= IngestLoadHarness.GOAL);
			results.add(result);
			System.out.printf(Locale.ROOT, "%-45s %12.3f us vs %12.3f us  ratio %10.2f  goal >= %.2f  %s%n", INGEST, value,
					baseline, measured.ratio(), IngestLoadHarness.GOAL, result.met() ? "MET" : "NOT MET");
			for (IngestLoadHarness.Result scenario : measured.results()) {
				System.out.printf(Locale.ROOT, "    %-22s %9.1f msg/s  p50 %7.2f ms  p99 %7.2f ms%n", scenario.name(),
						scenario.perSecond(), scenario.p50Millis(), scenario.p99Millis());
			}
		}
		Path out = Path.of("target/bench/results.json");
		Files.createDirectories(out.getParent());
		Files.writeString(out, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(results));
		System.out.println("results: " + out);
		if (!failed.isEmpty()) {
			System.out.println("benchmarks that failed to run: " + failed);
		}
		System.exit(failed.isEmpty() ? 0 : 1); // exit: also ends the ingest server's threads
	}

	private static double toMicros(double score, String unit) {
		return switch (unit) {
			case "ns/op" -> score / 1000;
			case "us/op" -> score;
			case "ms/op" -> score * 1000;
			case "s/op" -> score * 1_000_000;
			default -> throw new IllegalStateException("unexpected JMH unit " + unit);
		};
	}

}
