package benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Tombot server in a child JVM ({@code java -jar target/tombot.jar serve}) on loopback, so
 * that a harness can {@code kill -9} it and start it again on the same data directory and
 * stores. Its output goes to a log file, appended across restarts.
 */
final class ServerProcess implements AutoCloseable {

	private final Path jar;

	private final Path dataDir;

	private final int port;

	private final List<String> options;

	private final List<String> jvmOptions;

	private final Path log;

	private Process process;

	/**
	 * @param options more options of {@code serve} (and of the other commands), e.g.
	 * {@code --tombot.control.store.url=…}
	 */
	ServerProcess(Path jar, Path dataDir, int port, List<String> options, List<String> jvmOptions, Path log) {
		this.jar = jar;
		this.dataDir = dataDir;
		this.port = port;
		this.options = options;
		// no server left running when the harness is interrupted (Ctrl-C, a CI timeout)
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			Process running = this.process;
			if (running != null && running.isAlive()) {
				running.destroyForcibly();
			}
		}));
		this.jvmOptions = jvmOptions;
		this.log = log;
	}

	int port() {
		return this.port;
	}

	Path dataDir() {
		return this.dataDir;
	}

	URI uri(String path) {
		return URI.create("https://localhost:" + this.port + path);
	}

	/**
	 * A free loopback port below the ephemeral range, so that no outgoing connection (the
	 * server's own to PostgreSQL, say) can hold it when the server is started again on it.
	 */
	static int freePort() {
		int low = 32768;
		try {
			low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the usual default
		}
		java.util.Random random = new java.util.Random();
		int from = Math.min(20000, low / 2);
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = from + random.nextInt(Math.max(1, low - from - 1));
			try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("no free port below " + low);
	}

	/** The java command of this JVM: the server runs on the same JDK as the harness. */
	static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	void start() throws IOException {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("the server is already running");
		}
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(this.jvmOptions);
		command.addAll(List.of("-jar", this.jar.toString(), "serve", "--data-dir", this.dataDir.toString(),
				"--https-port", Integer.toString(this.port), "--http-port", "0"));
		command.addAll(this.options);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		Files.writeString(this.log, "\n===== harness: starting the server\n", StandardCharsets.UTF_8,
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		this.process = builder.start();
	}

	/**
	 * Waits until {@code GET /actuator/health} answers 200; fails when the server exits first
	 * or the time runs out, quoting the end of its log.
	 */
	void awaitHealthy(HarnessClient client, Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < end) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the server exited with status " + this.process.exitValue()
						+ " while starting; the end of its log:\n" + tail(40));
			}
			if (client.healthy()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the server was not healthy after " + timeout + "; the end of its log:\n" + tail(40));
	}

	boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	/** SIGKILL: no shutdown hook, no store close, no flush. */
	void kill9() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the server did not die of SIGKILL within 30 s");
		}
		appendToLog("\n===== harness: kill -9\n");
	}

	/** SIGTERM, as Ctrl-C: a graceful shutdown. */
	void stop() throws InterruptedException {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
			throw new IllegalStateException("the server did not stop within 60 s of SIGTERM");
		}
	}

	String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	private void appendToLog(String text) {
		try {
			Files.writeString(this.log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			// the log is for diagnosis only
		}
	}

	/**
	 * Runs another command of the same jar ({@code audit verify}, …) with the server's store
	 * settings and data directory; answers its exit status, its output appended to the log.
	 */
	int runCommand(Duration timeout, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(List.of("-jar", this.jar.toString()));
		command.addAll(List.of(arguments));
		command.addAll(List.of("--data-dir", this.dataDir.toString()));
		command.addAll(this.options);
		appendToLog("\n===== harness: " + String.join(" ", arguments) + "\n");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		Process run = builder.start();
		if (!run.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			run.destroyForcibly();
			throw new IllegalStateException(String.join(" ", arguments) + " did not finish within " + timeout);
		}
		return run.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

}
