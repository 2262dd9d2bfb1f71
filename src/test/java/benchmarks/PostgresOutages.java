package benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL going away under a running server, for {@link FaultHarness}: stopped with the
 * command in {@code stop} (an immediate shutdown) while ingest goes on, started again with
 * {@code start}, and what the server answered meanwhile.
 */
final class PostgresOutages {

	private final String stop;

	private final String start;

	private final Random random;

	private volatile boolean stopped;

	PostgresOutages(String stop, String start, Random random) {
		this.stop = stop;
		this.start = start;
		this.random = random;
		// never leave PostgreSQL stopped, even when the harness is interrupted (Ctrl-C, a CI timeout)
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			if (this.stopped) {
				try {
					shell(this.start);
				}
				catch (IOException | InterruptedException | RuntimeException ex) {
					System.err.println("fault-harness: could not start PostgreSQL again: " + ex);
				}
			}
		}));
	}

	/**
	 * Stops PostgreSQL (immediate shutdown) for 2 to 5 s while ingest goes on, starts it, and
	 * waits until a message sent after the start is acknowledged; answers that wait in seconds
	 * (or -1 when ingest did not resume within 60 s).
	 */
	double stop(IngestDriver driver, IngestDriver.Window outage, List<String> problems)
			throws IOException, InterruptedException {
		driver.record(outage);
		this.stopped = true;
		shell(this.stop);
		Thread.sleep(2000 + (long) (this.random.nextDouble() * 3000));
		shell(this.start);
		this.stopped = false;
		long started = System.nanoTime();
		long deadline = started + TimeUnit.SECONDS.toNanos(60);
		while (driver.lastAckSent.get() < started && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		driver.record(null);
		if (outage.unavailable.sum() + outage.otherErrors.sum() + outage.noAnswer.sum() == 0) {
			problems.add("no request failed while PostgreSQL was stopped (" + outage.requests.sum()
					+ " sent): was it the server's PostgreSQL that stopped?");
		}
		if (driver.lastAckSent.get() < started) {
			problems.add("ingest did not resume within 60 s of PostgreSQL's start");
			return -1;
		}
		return (System.nanoTime() - started) / 1e9;
	}

	static String summary(List<IngestDriver.Window> outages, List<Double> resumedAfter, List<String> problems) {
		long requests = 0;
		long unavailable = 0;
		long other = 0;
		long noAnswer = 0;
		long slow = 0;
		long maxNanos = 0;
		for (IngestDriver.Window outage : outages) {
			requests += outage.requests.sum();
			unavailable += outage.unavailable.sum();
			other += outage.otherErrors.sum();
			noAnswer += outage.noAnswer.sum();
			slow += outage.slow.sum();
			maxNanos = Math.max(maxNanos, outage.maxLatencyNanos.get());
		}
		if (other > 0) {
			problems.add(other + " answers other than 503 (or 2xx) while PostgreSQL was down or recovering");
		}
		if (slow > 0 || noAnswer > 0) {
			problems.add(slow + " requests took over " + IngestDriver.PROMPT.toSeconds() + " s and " + noAnswer
					+ " got no answer while PostgreSQL was down or recovering");
		}
		double worstResume = resumedAfter.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		return String.format(Locale.ROOT,
				"while PostgreSQL was down or recovering: requests=%d 503=%d other-errors=%d no-answer=%d slow=%d "
						+ "max-latency=%.0f ms; ingest resumed at most %.1f s after PostgreSQL started",
				requests, unavailable, other, noAnswer, slow, maxNanos / 1e6, worstResume);
	}

	private static void shell(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("'" + command + "' did not finish within 120 s");
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("'" + command + "' exited " + process.exitValue());
		}
	}

}
