package ai.tombot.redaction.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ai.tombot.redaction.Detectors;

/**
 * The scanner's time per byte on an adversarial corpus against the chat corpus, the two
 * measured by turns in one JVM ({@code ./tombot bench}, {@code tools/bench.sh scanner}). A round
 * scans every message of {@link ScannerCorpus#chat()} and the one message of
 * {@link ScannerCorpus#adversarial}, which has as many UTF-8 bytes, with
 * {@link Detectors#scan(CharSequence, String)} (phone numbers of region US), one after the
 * other, the order swapped every round. After the warm-up rounds, the measured rounds give each
 * a median time; the ratio is the chat corpus's median over the adversarial one's (goal: at
 * least 0.5, at most twice the time per byte).
 *
 * <p>Why by turns, and not as two JMH benchmarks: JMH runs each in a fork of its own, minutes
 * apart, and this shared two-core machine's speed moved by up to 1.6 times within one fork and
 * by 2.5 times between runs, so the ratio of two forks measured the machine as much as the
 * scanner. Here a change in speed falls on both within milliseconds. And the compiled code has
 * seen both kinds of text, as in a server that scans whatever its customers send, not the
 * adversarial corpus alone.
 *
 * <p>Each kind runs in a new JVM ({@link #measure}), as a JMH fork: what one corpus taught the
 * compiler does not carry over to the next. Every round's findings are counted, and the count
 * must not change from round to round: the scans are used, and do the same work each time.
 */
public final class ScannerAlternation {

	/** At most twice the chat corpus's time per byte. */
	public static final double GOAL = 0.5;

	/**
	 * @param chatMicros median time of a round's scan of the chat corpus
	 * @param adversarialMicros median time of a round's scan of the adversarial corpus
	 * @param ratio {@code chatMicros / adversarialMicros}
	 * @param rounds measured rounds
	 */
	public record Measured(ScannerCorpus.Kind kind, double chatMicros, double adversarialMicros, double ratio,
			int rounds) {
	}

	private static final String RESULT = "RESULT ";

	private ScannerAlternation() {
	}

	/**
	 * Measures {@code kind} in a new JVM (this one's classpath and java, {@code -Xmx1g}): its
	 * output goes to this one's as it comes (read on a thread of its own, so that a JVM that
	 * hangs is ended after the warm-up and the measurement plus five minutes), and its line
	 * that starts with {@value #RESULT} is the result.
	 */
	public static Measured measure(ScannerCorpus.Kind kind, Duration warmUp, Duration measured)
			throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				ScannerAlternation.class.getName(), kind.name(), Long.toString(warmUp.toMillis()),
				Long.toString(measured.toMillis()))
			.redirectErrorStream(true)
			.start();
		AtomicReference<String> result = new AtomicReference<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = output.readLine(); line != null; line = output.readLine()) {
					System.out.println(line);
					if (line.startsWith(RESULT)) {
						result.set(line.substring(RESULT.length()));
					}
				}
			}
			catch (IOException ex) {
				System.out.println("reading the measurement's output failed: " + ex.getMessage());
			}
		}, "scanner-alternation-output");
		reader.setDaemon(true);
		reader.start();
		long limit = warmUp.plus(measured).plusMinutes(5).toMillis();
		if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("the measurement of " + kind + " did not end");
		}
		reader.join(TimeUnit.SECONDS.toMillis(10)); // the rest of its output
		if (process.exitValue() != 0 || result.get() == null) {
			throw new IllegalStateException(
					"the measurement of " + kind + " failed (exit " + process.exitValue() + "); see its output above");
		}
		return parse(kind, result.get());
	}

	static Measured parse(ScannerCorpus.Kind kind, String result) {
		String[] fields = result.trim().split(" ");
		double chat = Double.parseDouble(fields[0]);
		double adversarial = Double.parseDouble(fields[1]);
		return new Measured(kind, chat, adversarial, chat / adversarial, Integer.parseInt(fields[2]));
	}

	/** {@code KIND WARM_UP_MILLIS MEASURED_MILLIS}: prints the rounds' figures, then the result line. */
	public static void main(String[] args) {
		ScannerCorpus.Kind kind = ScannerCorpus.Kind.valueOf(args[0]);
		Measured measured = run(kind, Duration.ofMillis(Long.parseLong(args[1])),
				Duration.ofMillis(Long.parseLong(args[2])));
		System.out.printf(Locale.ROOT, "%s: chat %.1f us, %s %.1f us (medians of %d rounds by turns), ratio %.2f%n",
				kind, measured.chatMicros(), kind, measured.adversarialMicros(), measured.rounds(), measured.ratio());
		System.out.printf(Locale.ROOT, "%s%.3f %.3f %d%n", RESULT, measured.chatMicros(), measured.adversarialMicros(),
				measured.rounds());
	}

	/**
	 * Warm-up rounds for {@code warmUp}, then measured rounds for {@code measured}: ten at least
	 * and an even number, half of them with the chat corpus first.
	 */
	static Measured run(ScannerCorpus.Kind kind, Duration warmUp, Duration measured) {
		List<String> chat = ScannerCorpus.chat();
		List<String> adversarial = ScannerCorpus.adversarial(kind);
		long[] counts = { -1, -1 };
		List<long[]> times = new ArrayList<>();
		long warmUpEnd = System.nanoTime() + warmUp.toNanos();
		int round = 0;
		while (System.nanoTime() < warmUpEnd) {
			round(chat, adversarial, round++ % 2 == 0, counts);
		}
		long end = System.nanoTime() + measured.toNanos();
		while (System.nanoTime() < end || times.size() < 10 || times.size() % 2 == 1) {
			times.add(round(chat, adversarial, times.size() % 2 == 0, counts));
		}
		double chatMicros = median(times, 0) / 1e3;
		double adversarialMicros = median(times, 1) / 1e3;
		return new Measured(kind, chatMicros, adversarialMicros, chatMicros / adversarialMicros, times.size());
	}

	/** One round: nanoseconds for the chat corpus and for the adversarial one. */
	private static long[] round(List<String> chat, List<String> adversarial, boolean chatFirst, long[] counts) {
		long[] nanos = new long[2];
		if (chatFirst) {
			nanos[0] = timed(chat, counts, 0);
			nanos[1] = timed(adversarial, counts, 1);
		}
		else {
			nanos[1] = timed(adversarial, counts, 1);
			nanos[0] = timed(chat, counts, 0);
		}
		return nanos;
	}

	private static long timed(List<String> messages, long[] counts, int which) {
		long start = System.nanoTime();
		long found = 0;
		for (String message : messages) {
			found += Detectors.scan(message, "US").size();
		}
		long nanos = System.nanoTime() - start;
		if (counts[which] >= 0 && counts[which] != found) {
			throw new IllegalStateException("findings changed between rounds: " + counts[which] + ", then " + found);
		}
		counts[which] = found;
		return nanos;
	}

	static double median(List<long[]> times, int which) {
		long[] sorted = times.stream().mapToLong(nanos -> nanos[which]).sorted().toArray();
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	}

}
