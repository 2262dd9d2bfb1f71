package benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import ai.tombot.PostgresTestDatabases;

/**
 * Kills the server (and PostgreSQL) during ingest and counts what was lost. For each scenario
 * it starts a server in a child JVM on loopback, provisions a tenant, and drives ingest from
 * several clients at a steady rate with unique client message ids, retrying each message with
 * the same id until it is acknowledged. Meanwhile it {@code kill -9}s the server at random
 * moments (some of them while it is still starting) and starts it again; in the PostgreSQL
 * scenario it also stops PostgreSQL with an immediate shutdown (no checkpoint, crash recovery
 * at the next start) while the server keeps running, and measures how the server answers
 * meanwhile. At the end it reads every message back through the API, reads the tenant's
 * audit trail as its admin (each stored message must have exactly one {@code message.create}
 * entry, and no entry may name a message that is not stored), and runs
 * {@code tombot audit verify}.
 *
 * <p>
 * One line per scenario, e.g.
 * {@code h2 kill9 x20: acked=2345 missing=0 duplicates=0 indeterminate=7 audit=ok}; exit status
 * 1 when a message was acknowledged but is missing, stored twice, the audit trail does not
 * verify or does not match the stored messages, the server answered an error other than 503, a request hung while PostgreSQL was
 * down, or ingest did not resume by itself. Results also go to
 * {@code target/fault-harness/results.json}.
 *
 * <p>
 * Options: {@code --quick} (3 kills of each kind), {@code --kills N}, {@code --pg-kills N},
 * {@code --scenario h2|postgres|all|h2-unsafe|postgres-unsafe|controls}, {@code --seed N}, {@code --jar PATH}. PostgreSQL comes
 * from {@code TOMBOT_TEST_POSTGRES_URL/_USER/_PASSWORD}, as for the tests; the commands that
 * stop and start it from {@code TOMBOT_FAULT_PG_STOP} and {@code TOMBOT_FAULT_PG_START}
 * ({@code scripts/fault-harness} sets them).
 */
public final class FaultHarness {

	record Options(boolean quick, int kills, int pgKills, List<String> scenarios, long seed, Path jar, int clients,
			double rate) {

		static Options parse(String[] args) {
			boolean quick = false;
			Integer kills = null;
			Integer pgKills = null;
			String scenario = "all";
			long seed = System.nanoTime();
			Path jar = Path.of("target/tombot.jar");
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--quick" -> quick = true;
					case "--kills" -> kills = Integer.parseInt(args[++i]);
					case "--pg-kills" -> pgKills = Integer.parseInt(args[++i]);
					case "--scenario" -> scenario = args[++i];
					case "--seed" -> seed = Long.parseLong(args[++i]);
					case "--jar" -> jar = Path.of(args[++i]);
					default -> throw new IllegalArgumentException("unknown option " + args[i]
							+ "; the options are --quick, --kills N, --pg-kills N, "
							+ "--scenario h2|postgres|all|h2-unsafe|postgres-unsafe|controls, --seed N, "
							+ "--jar PATH");
				}
			}
			List<String> scenarios = switch (scenario) {
				case "all" -> List.of("h2", "postgres");
				case "controls" -> List.of("h2-unsafe", "postgres-unsafe");
				case "h2", "postgres", "h2-unsafe", "postgres-unsafe" -> List.of(scenario);
				default -> throw new IllegalArgumentException(
						"--scenario is h2, postgres, all, h2-unsafe, postgres-unsafe or controls");
			};
			return new Options(quick, kills != null ? kills : quick ? 3 : 20, pgKills != null ? pgKills : quick ? 3 : 10,
					scenarios, seed, jar, 4, 60);
		}

	}

	/** What a scenario found; {@code passed} when nothing was lost, duplicated or wrong. */
	record Summary(String scenario, String line, long acked, long replayed, long missing, long duplicates,
			long unexpected, long indeterminate, long unresolved, long errors, boolean auditOk, List<String> problems,
			List<String> details) {

		boolean passed() {
			return this.problems.isEmpty();
		}

	}

	enum Fault {

		/** kill -9 of a serving server. */
		KILL_SERVING,
		/** kill -9 of a server that is still starting after the previous kill. */
		KILL_STARTING,
		/** PostgreSQL stopped with an immediate shutdown while the server keeps running. */
		STOP_POSTGRES

	}

	private final Options options;

	private final Random random;

	private FaultHarness(Options options) {
		this.options = options;
		this.random = new Random(options.seed());
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("fault-harness: " + ex.getMessage());
			System.exit(2);
			return;
		}
		if (!Files.isRegularFile(options.jar())) {
			System.err.println("fault-harness: no server jar at " + options.jar() + " (build it with ./mvnw package)");
			System.exit(2);
		}
		System.out.printf(Locale.ROOT, "fault harness: seed %d, %d server kills%s, %d clients at %.0f messages/s%n",
				options.seed(), options.kills(),
				options.scenarios().stream().anyMatch(one -> one.startsWith("postgres"))
						? " and " + options.pgKills() + " PostgreSQL stops" : "",
				options.clients(), options.rate());
		FaultHarness harness = new FaultHarness(options);
		List<Summary> summaries = new ArrayList<>();
		for (String scenario : options.scenarios()) {
			Summary summary = switch (scenario) {
				case "h2" -> harness.embedded();
				case "h2-unsafe" -> harness.unsafeEmbedded();
				case "postgres-unsafe" -> harness.postgres(true);
				default -> harness.postgres(false);
			};
			if (summary != null) {
				summaries.add(summary);
			}
		}
		System.out.println();
		boolean passed = true;
		for (Summary summary : summaries) {
			System.out.println(summary.line());
			summary.details().forEach(detail -> System.out.println("  " + detail));
			summary.problems().forEach(problem -> System.out.println("  FAILED: " + problem));
			passed &= summary.passed();
		}
		Path out = Path.of("target/fault-harness/results.json");
		Files.createDirectories(out.getParent());
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("seed", options.seed());
		results.put("scenarios", summaries);
		Files.writeString(out, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(results));
		System.out.println("results: " + out + (passed ? "" : " (FAILED)"));
		System.exit(passed ? 0 : 1);
	}

	private Summary embedded() throws Exception {
		Path work = Files.createTempDirectory("tombot-fault-h2");
		try {
			List<Fault> faults = plan(this.options.kills(), 0);
			return run("h2", "h2 kill9 x" + this.options.kills(), work, List.of(), faults, true, false, null);
		}
		finally {
			delete(work);
		}
	}

	/**
	 * The control: the same as {@link #embedded()}, but the stores are H2 files with H2's
	 * default write delay (commits reach the file up to 500 ms after they return), not
	 * Tombot's {@code WRITE_DELAY=0}. Acknowledged messages must go missing here, or the
	 * harness could not see a loss; this scenario fails when none does.
	 */
	private Summary unsafeEmbedded() throws Exception {
		Path work = Files.createTempDirectory("tombot-fault-h2-unsafe");
		try {
			List<String> serveOptions = new ArrayList<>();
			for (String store : List.of("control", "us", "eu")) {
				String prefix = store.equals("control") ? "tombot.control.store" : "tombot.regions." + store + ".store";
				serveOptions.add("--" + prefix + ".url=jdbc:h2:file:" + work.resolve("unsafe").resolve(store).resolve("tombot")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
				if (!store.equals("control")) {
					Path key = work.resolve(store + "-master-key.json");
					Process made = new ProcessBuilder(ServerProcess.java(), "-jar", this.options.jar().toString(),
							"new-master-key", key.toString()).redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.DISCARD)
						.start();
					if (made.waitFor() != 0) {
						throw new IllegalStateException("tombot new-master-key exited " + made.exitValue());
					}
					serveOptions.add("--tombot.regions." + store + ".master-key=file:" + key);
				}
			}
			List<Fault> faults = plan(this.options.kills(), 0);
			return run("h2-unsafe", "h2 with H2's default write delay (control) kill9 x" + this.options.kills(), work,
					serveOptions, faults, true, true, null);
		}
		finally {
			delete(work);
		}
	}

	/**
	 * The server on PostgreSQL, killed with {@code kill -9}, while PostgreSQL itself is stopped
	 * with an immediate shutdown now and then.
	 *
	 * @param unsafe the control: the server's sessions commit with {@code synchronous_commit=off}
	 * (a commit returns before its WAL is flushed) and only PostgreSQL is stopped. Acknowledged
	 * messages must go missing here, or the harness could not see a loss on PostgreSQL; this
	 * scenario fails when none does.
	 */
	private Summary postgres(boolean unsafe) throws Exception {
		if (!PostgresTestDatabases.available()) {
			String message = "PostgreSQL scenario skipped: set " + PostgresTestDatabases.URL_VARIABLE
					+ " (and TOMBOT_TEST_POSTGRES_USER, TOMBOT_TEST_POSTGRES_PASSWORD)";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException("CI=true but " + message);
			}
			System.out.println(message);
			return null;
		}
		String stop = System.getenv("TOMBOT_FAULT_PG_STOP");
		String start = System.getenv("TOMBOT_FAULT_PG_START");
		if (this.options.pgKills() > 0 && (stop == null || start == null)) {
			throw new IllegalStateException("the PostgreSQL scenario needs TOMBOT_FAULT_PG_STOP and TOMBOT_FAULT_PG_START, "
					+ "the commands that stop PostgreSQL with an immediate shutdown and start it (scripts/fault-harness sets them)");
		}
		Path work = Files.createTempDirectory("tombot-fault-pg");
		try (PostgresTestDatabases databases = PostgresTestDatabases.require()) { // available: checked above
			List<String> serveOptions = databases.storeProperties()
				.entrySet()
				.stream()
				.map(e -> "--" + e.getKey() + "="
						+ (unsafe && e.getKey().endsWith(".url") ? asynchronousCommit(e.getValue()) : e.getValue()))
				.toList();
			if (unsafe) {
				// a stop loses only the commits whose WAL was not yet written, about 3 at this
				// rate: at least 5 stops, so that the control losing nothing means a blind harness
				int stops = Math.max(5, this.options.pgKills());
				return run("postgres-unsafe", "postgres with synchronous_commit=off (control) pg-stop x" + stops, work,
						serveOptions, plan(0, stops), false, true, new PostgresOutages(stop, start, this.random));
			}
			List<Fault> faults = plan(this.options.kills(), this.options.pgKills());
			return run("postgres", "postgres kill9 x" + this.options.kills() + " pg-stop x" + this.options.pgKills(), work,
					serveOptions, faults, false, false, new PostgresOutages(stop, start, this.random));
		}
		finally {
			delete(work);
		}
	}

	/** The JDBC URL with its sessions set to commit before the WAL is flushed. */
	static String asynchronousCommit(String url) {
		return url + (url.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff";
	}

	/**
	 * The faults in a random order: every kind of fault spread over the run, and about a
	 * quarter of the kills that follow another kill made while that server is still starting.
	 */
	List<Fault> plan(int kills, int postgresStops) {
		List<Fault> faults = new ArrayList<>();
		for (int i = 0; i < kills; i++) {
			faults.add(Fault.KILL_SERVING);
		}
		for (int i = 0; i < postgresStops; i++) {
			faults.add(Fault.STOP_POSTGRES);
		}
		Collections.shuffle(faults, this.random);
		for (int i = 1; i < faults.size(); i++) {
			if (faults.get(i) == Fault.KILL_SERVING && faults.get(i - 1) != Fault.STOP_POSTGRES
					&& this.random.nextInt(4) == 0) {
				faults.set(i, Fault.KILL_STARTING);
			}
		}
		return faults;
	}

	/**
	 * @param embedded the stores open in one process at a time: audit verify runs after the server stops
	 * @param expectLoss the control scenario: it fails when nothing acknowledged went missing
	 * @param postgresOutages stops and starts PostgreSQL; null when {@code faults} has no
	 * {@link Fault#STOP_POSTGRES}
	 */
	private Summary run(String scenario, String label, Path work, List<String> serveOptions, List<Fault> faults,
			boolean embedded, boolean expectLoss, PostgresOutages postgresOutages) throws Exception {
		System.out.println("== " + label + " (server log: " + work.resolve("server.log") + ", kept on failure)");
		int port = ServerProcess.freePort();
		ServerProcess server = new ServerProcess(this.options.jar(), work.resolve("data"), port, serveOptions,
				List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"), work.resolve("server.log"));
		List<String> problems = new ArrayList<>();
		List<String> details = new ArrayList<>();
		try (server) {
			HarnessClient client = new HarnessClient(server);
			server.start();
			server.awaitHealthy(client, Duration.ofMinutes(3));
			HarnessClient.Tenant tenant = client.provision("fault-harness");
			IngestDriver driver = new IngestDriver(client, tenant, scenario, this.options.clients(), this.options.rate());
			driver.start();
			List<IngestDriver.Window> outages = new ArrayList<>();
			List<Double> resumedAfter = new ArrayList<>();
			for (int i = 0; i < faults.size(); i++) {
				Fault fault = faults.get(i);
				boolean nextKillsStarting = i + 1 < faults.size() && faults.get(i + 1) == Fault.KILL_STARTING;
				switch (fault) {
					case KILL_SERVING -> {
						sleepMillis(between(1000, this.options.quick() ? 3000 : 6000));
						restartAfterKill(server, client, nextKillsStarting);
					}
					case KILL_STARTING -> {
						sleepMillis(between(300, 6000));
						restartAfterKill(server, client, nextKillsStarting);
					}
					case STOP_POSTGRES -> {
						sleepMillis(between(1000, this.options.quick() ? 3000 : 6000));
						IngestDriver.Window outage = new IngestDriver.Window();
						double resumed = postgresOutages.stop(driver, outage, problems);
						outages.add(outage);
						resumedAfter.add(resumed);
						if (!server.alive()) {
							problems.add("the server died while PostgreSQL was down; the end of its log:\n" + server.tail(30));
							server.start();
							server.awaitHealthy(client, Duration.ofMinutes(3));
						}
					}
				}
				System.out.printf(Locale.ROOT, "  fault %d/%d %s done; acked so far %d%n", i + 1, faults.size(), fault,
						driver.acked.size());
			}
			sleepMillis(2000);
			driver.stop();
			int unresolved = driver.resolvePending(Duration.ofSeconds(60));
			Map<String, List<String>> found = client.readBack(tenant);
			Tally tally = Tally.of(driver.acked, driver.sent, found);
			long missing = tally.missing();
			List<String> missingSamples = tally.missingSamples();
			long duplicates = tally.duplicates();
			long unexpected = tally.unexpected();
			long replayed = tally.replayed();
			Tally.Audit books = Tally.Audit.of(found, client.creationEntries(tenant));
			details.add(String.format(Locale.ROOT,
					"audit entries: unaudited=%d repeated=%d orphaned=%d (message.create entries against stored messages)%s",
					books.unaudited(), books.repeated(), books.orphaned(), books.clean() ? "" : ", e.g. " + books.samples()));
			boolean auditOk = verifyAudit(server, embedded, details) && books.clean();
			if (expectLoss) {
				details.add("control: acknowledged messages should go missing here, e.g. " + missingSamples);
				if (missing == 0) {
					problems.add("the control lost nothing, so this run does not show that the harness can see a loss");
				}
			}
			else if (missing > 0) {
				problems.add(missing + " acknowledged messages are missing, e.g. " + missingSamples);
			}
			if (duplicates > 0) {
				problems.add(duplicates + " client message ids are stored more than once");
			}
			if (unexpected > 0) {
				problems.add(unexpected + " stored messages were never sent by the harness");
			}
			if (unresolved > 0) {
				problems.add(unresolved + " messages were still not acknowledged 60 s after the last fault");
			}
			if (driver.errors.sum() > 0 || !driver.rejected.isEmpty()) {
				problems.add(driver.errors.sum() + " answers were errors other than 503, e.g. " + driver.errorSamples);
			}
			if (!auditOk && !expectLoss) {
				problems.add("the audit trail failed: tombot audit verify (see the server log), or the entries of the "
						+ "stored messages (see the details)");
			}
			details.add(String.format(Locale.ROOT,
					"attempts=%d replayed=%d (acknowledged with 200: stored by an attempt whose answer was lost) "
							+ "refused=%d (no server listening) 503=%d unresolved=%d",
					driver.attempts.sum(), replayed, driver.refused.sum(), driver.unavailable.sum(), unresolved));
			if (!outages.isEmpty()) {
				details.add(PostgresOutages.summary(outages, resumedAfter, problems));
			}
			String line = String.format(Locale.ROOT, "%s: acked=%d missing=%d duplicates=%d indeterminate=%d audit=%s",
					label, driver.acked.size(), missing, duplicates, driver.indeterminate.sum(), auditOk ? "ok" : "FAILED");
			if (!problems.isEmpty()) {
				keepLog(work, scenario);
			}
			return new Summary(scenario, line, driver.acked.size(), replayed, missing, duplicates, unexpected,
					driver.indeterminate.sum(), unresolved, driver.errors.sum(), auditOk, problems, details);
		}
		catch (RuntimeException ex) {
			keepLog(work, scenario);
			throw ex;
		}
	}

	/** kill -9, then start again; waits until healthy unless the next fault kills it while starting. */
	private void restartAfterKill(ServerProcess server, HarnessClient client, boolean nextKillsStarting)
			throws IOException, InterruptedException {
		server.kill9();
		server.start();
		if (!nextKillsStarting) {
			server.awaitHealthy(client, Duration.ofMinutes(3));
		}
	}

	/**
	 * {@code tombot audit verify} on the scenario's stores: on PostgreSQL beside the running
	 * server, on the embedded stores after a graceful stop (they open in one process at a time).
	 */
	private static boolean verifyAudit(ServerProcess server, boolean embedded, List<String> details)
			throws IOException, InterruptedException {
		if (embedded) {
			server.stop();
		}
		int status = server.runCommand(Duration.ofMinutes(5), "audit", "verify");
		details.add("tombot audit verify exited " + status);
		if (!embedded) {
			server.stop();
		}
		return status == 0;
	}

	private long between(long fromMillis, long toMillis) {
		return fromMillis + (long) (this.random.nextDouble() * (toMillis - fromMillis));
	}

	private static void sleepMillis(long millis) throws InterruptedException {
		Thread.sleep(millis);
	}

	private static void keepLog(Path work, String scenario) {
		try {
			Path kept = Path.of("target/fault-harness/" + scenario + "-server.log");
			Files.createDirectories(kept.getParent());
			Files.copy(work.resolve("server.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			System.out.println("  server log kept at " + kept);
		}
		catch (IOException ex) {
			System.out.println("  could not keep the server log: " + ex);
		}
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

}
