package benchmarks;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.tombot.RunningTombot;

/**
 * Sustained load (issue 7): a server in a child JVM on embedded stores, on loopback. First the
 * most messages a second it takes (closed loop, {@value #PROBE_CLIENTS} clients, after a
 * warm-up); then ingest paced at 70% of that for {@code --minutes} (10) with readers in
 * parallel (each lists conversations and reads one, {@value #READS_PER_SECOND} times a second).
 * Prints, minute by minute, messages and reads a second, their p50 and p99 latency, and the
 * errors: 503s apart, and any other 5xx or 4xx (there should be none). Measures the server's
 * heap after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}) at minute 2, in the
 * middle and at the end, to show whether it grows. Latency counts from the time a request was
 * due. Writes {@code target/bench/sustained-load.json}; exits 1 on any error (no fault is
 * injected, so a 503 is one too) or when the heap after GC grew by more than 10% from each
 * measurement to the next.
 */
public final class SustainedLoad {

	static final int PROBE_CLIENTS = 8;

	static final int INGEST_CLIENTS = 16;

	static final int READERS = 2;

	static final int READS_PER_SECOND = 5;

	static final double SHARE = 0.7;

	/** One minute's figures. */
	record Minute(int minute, double messagesPerSecond, double p50Millis, double p99Millis, double readsPerSecond,
			double readP50Millis, double readP99Millis, long unavailable, long errors) {
	}

	record Heap(int minute, double usedMiB) {
	}

	/** Latencies and outcomes of one minute, filled by every client thread. */
	static final class Bucket {

		final List<long[]> ingest = new ArrayList<>();

		final List<long[]> reads = new ArrayList<>();

		final LongAdder unavailable = new LongAdder();

		final LongAdder errors = new LongAdder();

		synchronized void add(boolean read, long nanos) {
			(read ? this.reads : this.ingest).add(new long[] { nanos });
		}

		synchronized long[] sorted(boolean read) {
			return (read ? this.reads : this.ingest).stream().mapToLong(value -> value[0]).sorted().toArray();
		}

	}

	private final HarnessClient client;

	private final HarnessClient.Tenant tenant;

	private final AtomicLong ids = new AtomicLong();

	private final List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());

	private SustainedLoad(HarnessClient client, HarnessClient.Tenant tenant) {
		this.client = client;
		this.tenant = tenant;
	}

	public static void main(String[] args) throws Exception {
		int minutes = 10;
		Path jar = Path.of("target/tombot.jar");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--minutes" -> minutes = Integer.parseInt(args[++i]);
				case "--jar" -> jar = Path.of(args[++i]);
				default -> {
					System.err.println("sustained-load: the options are --minutes N (default 10) and --jar PATH");
					System.exit(2);
				}
			}
		}
		if (minutes < 2) {
			System.err.println("sustained-load: --minutes must be at least 2 (the heap is measured at minute 2)");
			System.exit(2);
		}
		Path work = Files.createTempDirectory("tombot-sustained-load");
		int status;
		try (ServerProcess server = new ServerProcess(jar, work.resolve("data"), ServerProcess.freePort(), List.of(),
				List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"), work.resolve("server.log"))) {
			HarnessClient client = new HarnessClient(server);
			server.start();
			server.awaitHealthy(client, Duration.ofMinutes(3));
			SustainedLoad load = new SustainedLoad(client, client.provision("sustained-load"));
			status = load.run(server, minutes);
		}
		finally {
			try (var files = Files.walk(work)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}
		System.exit(status);
	}

	private int run(ServerProcess server, int minutes) throws Exception {
		closedLoop(Duration.ofSeconds(10)); // warm-up
		long probeStart = System.nanoTime();
		long probed = closedLoop(Duration.ofSeconds(20));
		double maximum = probed / ((System.nanoTime() - probeStart) / 1e9);
		double target = maximum * SHARE;
		System.out.printf(Locale.ROOT,
				"maximum: %.1f messages/s (closed loop, %d clients, 20 s); now %.1f messages/s (%.0f%%) for %d minutes, "
						+ "with %d readers at %d reads/s each%n",
				maximum, PROBE_CLIENTS, target, SHARE * 100, minutes, READERS, READS_PER_SECOND);
		System.out.println("minute  msgs/s   p50 ms   p99 ms  reads/s  read p50  read p99   503  other errors");
		Bucket[] buckets = new Bucket[minutes];
		for (int i = 0; i < minutes; i++) {
			buckets[i] = new Bucket();
		}
		long start = System.nanoTime();
		long end = start + TimeUnit.MINUTES.toNanos(minutes);
		List<Thread> threads = new ArrayList<>();
		long interval = (long) (INGEST_CLIENTS * 1e9 / target);
		for (int c = 0; c < INGEST_CLIENTS; c++) {
			long offset = interval * c / INGEST_CLIENTS;
			threads.add(started(() -> paced(start + offset, end, interval, buckets, start, false)));
		}
		for (int r = 0; r < READERS; r++) {
			long readInterval = 1_000_000_000L / READS_PER_SECOND;
			threads.add(started(() -> paced(start, end, readInterval, buckets, start, true)));
		}
		List<Minute> figures = new ArrayList<>();
		List<Heap> heap = new ArrayList<>();
		List<Integer> heapAt = List.of(2, (minutes + 2) / 2 + 1, minutes).stream().distinct().toList();
		for (int minute = 1; minute <= minutes; minute++) {
			long due = start + TimeUnit.MINUTES.toNanos(minute);
			while (System.nanoTime() < due) {
				Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
			}
			if (minute == minutes) {
				for (Thread thread : threads) {
					thread.join();
				}
			}
			else {
				Thread.sleep(2000); // requests of the minute still in flight
			}
			Minute figure = figures(minute, buckets[minute - 1]);
			figures.add(figure);
			System.out.printf(Locale.ROOT, "%6d %7.1f %8.2f %8.2f %8.1f %9.2f %9.2f %5d %13d%n", minute,
					figure.messagesPerSecond(), figure.p50Millis(), figure.p99Millis(), figure.readsPerSecond(),
					figure.readP50Millis(), figure.readP99Millis(), figure.unavailable(), figure.errors());
			if (heapAt.contains(minute)) {
				double used = heapAfterGc(server.pid());
				heap.add(new Heap(minute, used));
				System.out.printf(Locale.ROOT, "        heap after a full GC at minute %d: %.1f MiB%n", minute, used);
			}
		}
		long errors = figures.stream().mapToLong(Minute::errors).sum();
		long unavailable = figures.stream().mapToLong(Minute::unavailable).sum();
		double growth = heap.get(heap.size() - 1).usedMiB() - heap.get(0).usedMiB();
		// a leak grows the heap after GC minute after minute; caches that fill once do not
		boolean growing = heap.size() >= 3 && heap.get(1).usedMiB() > heap.get(0).usedMiB() * 1.1
				&& heap.get(2).usedMiB() > heap.get(1).usedMiB() * 1.1;
		System.out.printf(Locale.ROOT,
				"sustained load: %d minutes at %.1f messages/s (70%% of %.1f): errors other than 503: %d, 503: %d; "
						+ "heap after GC %.1f MiB at minute %d, %.1f MiB at minute %d (%+.1f MiB)%n",
				minutes, target, maximum, errors, unavailable, heap.get(0).usedMiB(), heap.get(0).minute(),
				heap.get(heap.size() - 1).usedMiB(), heap.get(heap.size() - 1).minute(), growth);
		if (!this.errorSamples.isEmpty()) {
			System.out.println("errors, e.g. " + this.errorSamples);
		}
		if (growing) {
			System.out.println("FAILED: the heap after GC grew by more than 10% from each measurement to the next");
		}
		if (unavailable > 0) {
			System.out.println("FAILED: 503 answers without any injected fault");
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("maximumMessagesPerSecond", maximum);
		out.put("targetMessagesPerSecond", target);
		out.put("minutes", figures);
		out.put("heapAfterGc", heap);
		out.put("errorsOtherThan503", errors);
		out.put("unavailable503", unavailable);
		out.put("heapGrowing", growing);
		Path file = Path.of("target/bench/sustained-load.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(out));
		System.out.println("results: " + file);
		return errors == 0 && unavailable == 0 && !growing ? 0 : 1;
	}

	/** {@value #PROBE_CLIENTS} clients sending as fast as answered; answers the messages acknowledged. */
	private long closedLoop(Duration time) throws InterruptedException {
		long end = System.nanoTime() + time.toNanos();
		LongAdder done = new LongAdder();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < PROBE_CLIENTS; c++) {
			threads.add(started(() -> {
				while (System.nanoTime() < end) {
					if (ingest() == 201) {
						done.increment();
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return done.sum();
	}

	/** Sends at fixed times from {@code first} until {@code end}, every {@code interval}. */
	private void paced(long first, long end, long interval, Bucket[] buckets, long start, boolean read) {
		long next = first;
		try {
			while (next < end) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				long sent = System.nanoTime();
				int status = read ? read() : ingest();
				// from the time the request was due, not when it went out: a client held up by
				// a slow answer counts the wait (no coordinated omission)
				long took = System.nanoTime() - next;
				Bucket bucket = buckets[(int) Math.min(buckets.length - 1, (sent - start) / TimeUnit.MINUTES.toNanos(1))];
				bucket.add(read, took);
				if (status == 503) {
					bucket.unavailable.increment();
				}
				else if (status >= 400 || status <= 0) {
					bucket.errors.increment();
				}
				next += interval;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Posts one new message; answers the status, or 0 when no answer came. */
	private int ingest() {
		long id = this.ids.incrementAndGet();
		String body = RunningTombot.json(Map.of("channel", this.tenant.channel(), "subject",
				Map.of("externalId", "customer-" + (id % 500)), "direction", "inbound", "author", "customer", "text",
				IngestLoadHarness.LINES[(int) (id % IngestLoadHarness.LINES.length)], "clientMessageId", "load-" + id));
		HttpRequest request = this.client.request("/api/v1/tenants/" + this.tenant.slug() + "/messages", this.tenant.apiKey())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return status(request, "ingest");
	}

	/** Lists the newest conversations and reads one of them: answers the worse status. */
	private int read() {
		String base = "/api/v1/tenants/" + this.tenant.slug() + "/conversations";
		HttpResponse<String> list = send(this.client.request(base + "?limit=20", this.tenant.apiKey()).GET().build(), "list");
		if (list == null || list.statusCode() != 200) {
			return list == null ? 0 : list.statusCode();
		}
		JsonNode conversations = RunningTombot.parse(list.body()).get("conversations");
		if (conversations.isEmpty()) {
			return 200;
		}
		String id = conversations.get(ThreadLocalRandom.current().nextInt(conversations.size())).get("id").asString();
		return status(this.client.request(base + "/" + id + "/messages?limit=50", this.tenant.apiKey()).GET().build(),
				"read");
	}

	private int status(HttpRequest request, String what) {
		HttpResponse<String> answer = send(request, what);
		return answer == null ? 0 : answer.statusCode();
	}

	private HttpResponse<String> send(HttpRequest request, String what) {
		try {
			HttpResponse<String> answer = this.client.send(request);
			if (answer.statusCode() >= 400 && answer.statusCode() != 503 && this.errorSamples.size() < 10) {
				this.errorSamples.add(what + " " + answer.statusCode() + ": " + answer.body());
			}
			return answer;
		}
		catch (IOException ex) {
			if (this.errorSamples.size() < 10) {
				this.errorSamples.add(what + ": " + ex);
			}
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static Minute figures(int minute, Bucket bucket) {
		long[] ingest = bucket.sorted(false);
		long[] reads = bucket.sorted(true);
		return new Minute(minute, ingest.length / 60.0, percentile(ingest, 0.5), percentile(ingest, 0.99),
				reads.length / 60.0, percentile(reads, 0.5), percentile(reads, 0.99), bucket.unavailable.sum(),
				bucket.errors.sum());
	}

	private static Thread started(Runnable task) {
		Thread thread = new Thread(task);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static double percentile(long[] sorted, double share) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * share) - 1)] / 1e6;
	}

	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	/** The server's heap in use right after a full GC, in MiB ({@code jcmd} of the same JDK). */
	static double heapAfterGc(long pid) throws IOException, InterruptedException {
		String jcmd = Path.of(ServerProcess.java()).resolveSibling("jcmd").toString();
		run(jcmd, Long.toString(pid), "GC.run");
		String info = run(jcmd, Long.toString(pid), "GC.heap_info");
		Matcher used = USED.matcher(info);
		if (!used.find()) {
			throw new IllegalStateException("jcmd GC.heap_info printed no heap use:\n" + info);
		}
		return Long.parseLong(used.group(1)) / 1024.0;
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", Arrays.asList(command)) + " failed:\n" + output);
		}
		return output;
	}

}
