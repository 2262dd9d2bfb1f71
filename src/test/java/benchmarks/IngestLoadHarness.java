package benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import tools.jackson.databind.json.JsonMapper;

import ai.tombot.RunningTombot;
import ai.tombot.TombotApplication;

/**
 * Ingest over HTTPS against a trivial echo endpoint of the same server, in the same run: a
 * server on embedded stores in a temporary directory, loopback only; {@code CLIENTS} threads
 * send as fast as they are answered for a fixed time per scenario (after a warm-up), and the
 * harness prints messages per second and p50/p99 latency for echo, single ingest and batch
 * ingest (100 messages a request), and the ratio single/echo against its goal (≥ 0.33).
 * Writes {@code target/bench/ingest.json}. {@code --quick} runs 4 s per scenario instead of 20.
 */
public final class IngestLoadHarness {

	static final int CLIENTS = 8;

	static final int BATCH = 100;

	public static final double GOAL = 0.33;

	static final String[] LINES = { "Hi, I need help with my order", "my card is 4111 1111 1111 1111",
			"sure, it's alice@example.com", "thanks, that fixed it!", "call me at +1 415 555 0100 please",
			"when does the store open tomorrow?", "my ssn is 123-45-6789 if you need it", "ok", "where is parcel 88271?" };

	public record Result(String name, long messages, double seconds, double perSecond, double p50Millis, double p99Millis) {
	}

	/** Echo, single ingest and batch ingest, as measured; {@code ratio} is single / echo. */
	public record Measured(List<Result> results, double ratio) {

		public Result echo() {
			return this.results.get(0);
		}

		public Result single() {
			return this.results.get(1);
		}

	}

	public static void main(String[] args) throws Exception {
		Measured measured = measure(Arrays.asList(args).contains("--quick"));
		System.out.println();
		for (Result result : measured.results()) {
			System.out.printf(Locale.ROOT, "%-22s %9.1f msg/s  p50 %7.2f ms  p99 %7.2f ms  (%d messages in %.1f s, %d clients)%n",
					result.name(), result.perSecond(), result.p50Millis(), result.p99Millis(), result.messages(),
					result.seconds(), CLIENTS);
		}
		System.out.printf(Locale.ROOT, "single ingest vs echo: ratio %.2f  goal >= %.2f  %s%n", measured.ratio(), GOAL,
				measured.ratio() >= GOAL ? "MET" : "NOT MET");
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("results", measured.results());
		out.put("ratio", measured.ratio());
		out.put("goal", GOAL);
		out.put("met", measured.ratio() >= GOAL);
		Path file = Path.of("target/bench/ingest.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(out));
		System.exit(0);
	}

	/**
	 * Starts a server in a temporary directory, measures echo, single and batch ingest (after a
	 * warm-up of each), stops the server and deletes the directory.
	 */
	public static Measured measure(boolean quick) throws Exception {
		Duration measure = Duration.ofSeconds(quick ? 4 : 20);
		Duration warmup = Duration.ofSeconds(quick ? 2 : 10);
		Path dir = Files.createTempDirectory("tombot-ingest-bench");
		try (RunningTombot tombot = start(dir)) {
			String operator = tombot.setUpAndLogIn("ops", "Operator-pass-1234");
			tombot.post("/api/v1/tenants", "{\"slug\":\"bench\",\"name\":\"Bench\",\"region\":\"us\"}", operator);
			String key = RunningTombot.parse(tombot.post("/api/v1/tenants/bench/api-keys",
					"{\"name\":\"bench\",\"scopes\":[\"messages:write\"]}", operator).body()).get("key").asString();
			tombot.post("/api/v1/tenants/bench/users", "{\"username\":\"admin\",\"password\":\"Bench-admin-pass-1\","
					+ "\"roles\":[\"ADMIN\"]}", operator);
			String admin = tombot.logIn("bench", "admin", "Bench-admin-pass-1");
			if (tombot.post("/api/v1/tenants/bench/channels", "{\"name\":\"web\",\"kind\":\"web\"}", admin)
				.statusCode() != 201) {
				throw new IllegalStateException("the benchmark's channel was not made");
			}
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.sslContext(RunningTombot.trusting(dir.resolve("tls/server.crt")))
				.build();
			AtomicLong ids = new AtomicLong();
			IntFunction<String> message = n -> message(ids.incrementAndGet(), n);
			URI echo = tombot.uri("/bench/echo");
			URI single = tombot.uri("/api/v1/tenants/bench/messages");
			URI batch = tombot.uri("/api/v1/tenants/bench/messages:batch");
			List<Result> results = new ArrayList<>();
			for (boolean measuring : new boolean[] { false, true }) {
				Duration time = measuring ? measure : warmup;
				Result e = run("echo", client, echo, key, time, 1, message::apply);
				Result s = run("single ingest", client, single, key, time, 1, message::apply);
				Result b = run("batch ingest (" + BATCH + ")", client, batch, key, time, BATCH,
						n -> "{\"messages\":[" + String.join(",", java.util.stream.IntStream.range(0, BATCH)
							.mapToObj(i -> message.apply(n * BATCH + i))
							.toList()) + "]}");
				if (measuring) {
					results.addAll(List.of(e, s, b));
				}
			}
			return new Measured(results, results.get(1).perSecond() / results.get(0).perSecond());
		}
		finally {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}
	}

	static String message(long id, int n) {
		return "{\"channel\":\"web\",\"subject\":{\"externalId\":\"customer-" + (id % 500) + "\"},\"direction\":\"inbound\","
				+ "\"author\":\"customer\",\"text\":\"" + LINES[(int) (id % LINES.length)] + "\",\"clientMessageId\":\"m-"
				+ id + "\"}";
	}

	static RunningTombot start(Path dir) {
		return RunningTombot.start(dir, Map.of("logging.level.ai.tombot", "WARN", "tombot.auth.throttle-failures", "10000"),
				null, context -> ((GenericApplicationContext) context).registerBean(EchoEndpoint.class));
	}

	/** Sends bodies for {@code time} from every client; each answer must be 2xx. */
	static Result run(String name, HttpClient client, URI uri, String key, Duration time, int perRequest,
			IntFunction<String> body) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		long end = System.nanoTime() + time.toNanos();
		AtomicLong counter = new AtomicLong();
		List<Future<long[]>> futures = new ArrayList<>();
		long start = System.nanoTime();
		for (int c = 0; c < CLIENTS; c++) {
			futures.add(pool.submit(() -> {
				long[] latencies = new long[1 << 16];
				int count = 0;
				while (System.nanoTime() < end) {
					HttpRequest request = HttpRequest.newBuilder(uri)
						.header("Authorization", "Bearer " + key)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body.apply((int) counter.incrementAndGet())))
						.build();
					long sent = System.nanoTime();
					HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
					long took = System.nanoTime() - sent;
					if (answer.statusCode() / 100 != 2) {
						throw new IllegalStateException(name + " answered " + answer.statusCode() + ": " + answer.body());
					}
					if (count == latencies.length) {
						latencies = Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = took;
				}
				return Arrays.copyOf(latencies, count);
			}));
		}
		List<Long> all = new ArrayList<>();
		for (Future<long[]> future : futures) {
			for (long latency : future.get()) {
				all.add(latency);
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		all.sort(null);
		long messages = (long) all.size() * perRequest;
		return new Result(name, messages, seconds, messages / seconds, all.get(all.size() / 2) / 1e6,
				all.get((int) Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1)) / 1e6);
	}

}
