package ai.tombot.platform.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Counts acknowledged writes that an embedded store loses when its JVM is killed with
 * SIGKILL, the way Jepsen counts them: a child JVM commits rows one by one and prints the id
 * of each row only after its commit returned; the parent kills the child at a random moment,
 * reopens the database and looks for every printed id. A row whose commit had not returned
 * when the child died is indeterminate, not lost, and is not counted.
 *
 * <p>{@code main} measures both Tombot's URL and H2's default settings:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) ai.tombot.platform.internal.H2DurabilityHarness}
 */
public final class H2DurabilityHarness {

	/** The outcome of some kill rounds. */
	public record Result(int rounds, long acknowledged, long lost) {
	}

	private H2DurabilityHarness() {
	}

	/** Child side: commits rows to {@code url} forever, printing each id after its commit. */
	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("--write")) {
			write(args[1]);
			return;
		}
		Path dir = Files.createTempDirectory("h2-durability");
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
		report(System.out, "Tombot's embedded URL (WRITE_DELAY=0)", run(tombotUrl(dir.resolve("tombot")), rounds));
		report(System.out, "H2 defaults (no WRITE_DELAY)", run("jdbc:h2:file:" + dir.resolve("default/db"), rounds));
	}

	static String tombotUrl(Path dir) {
		return StoreFactory.embeddedUrl(dir, "control");
	}

	private static void report(PrintStream out, String what, Result result) {
		out.printf("%s: %d kill -9 rounds, %d acknowledged commits, %d lost%n", what, result.rounds(),
				result.acknowledged(), result.lost());
	}

	private static void write(String url) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, "tombot", "");
				Statement ddl = connection.createStatement()) {
			ddl.execute("create table if not exists acked (id bigint primary key)");
			long next;
			try (ResultSet rs = ddl.executeQuery("select coalesce(max(id), 0) + 1 from acked")) {
				rs.next();
				next = rs.getLong(1);
			}
			System.out.println("ready");
			System.out.flush();
			try (PreparedStatement insert = connection.prepareStatement("insert into acked (id) values (?)")) {
				for (long id = next;; id++) {
					insert.setLong(1, id);
					insert.executeUpdate();
					System.out.println(id);
					System.out.flush();
				}
			}
		}
	}

	/** Runs {@code rounds} rounds of write-then-SIGKILL against {@code url}. */
	public static Result run(String url, int rounds) throws Exception {
		Set<Long> acknowledged = new HashSet<>();
		for (int round = 0; round < rounds; round++) {
			acknowledged.addAll(oneRound(url, 300 + (long) (Math.random() * 700)));
		}
		long lost;
		try (Connection connection = DriverManager.getConnection(url, "tombot", "")) {
			Set<Long> present = new HashSet<>();
			try (Statement statement = connection.createStatement()) {
				// the table itself may be lost when the kill came before H2 wrote it: then all is lost
				statement.execute("create table if not exists acked (id bigint primary key)");
			}
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("select id from acked")) {
				while (rs.next()) {
					present.add(rs.getLong(1));
				}
			}
			lost = acknowledged.stream().filter(id -> !present.contains(id)).count();
		}
		return new Result(rounds, acknowledged.size(), lost);
	}

	private static List<Long> oneRound(String url, long writeMillis) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				H2DurabilityHarness.class.getName(), "--write", url)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		List<Long> acked = new ArrayList<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (!line.equals("ready")) {
						synchronized (acked) {
							acked.add(Long.parseLong(line));
						}
					}
				}
			}
			catch (Exception ex) {
				// the pipe breaks when the child is killed: what was read is what was acknowledged
			}
		});
		reader.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			synchronized (acked) {
				if (!acked.isEmpty()) {
					break;
				}
			}
			Thread.sleep(10);
		}
		Thread.sleep(writeMillis);
		child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no H2 close
		child.waitFor(30, TimeUnit.SECONDS);
		reader.join(10_000);
		synchronized (acked) {
			if (acked.isEmpty()) {
				throw new IllegalStateException("The writer acknowledged nothing in 30 s; is the classpath right?");
			}
			return new ArrayList<>(acked);
		}
	}

}
