package ai.tombot;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@code ./tombot}. */
@ExtendWith(OutputCaptureExtension.class)
class TombotApplicationTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return TombotApplication.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void serve_options_becomeTombotProperties() {
		assertThat(TombotApplication.serveArguments(new String[] { "serve", "--data-dir", "/srv/t", "--https-port=9443",
				"--http-port", "0", "--log-format", "json", "--tombot.http.max-body-size=2MB" }))
			.containsExactly("--tombot.data-dir=/srv/t", "--tombot.https-port=9443", "--tombot.http-port=0",
					"--tombot.log-format=json", "--tombot.http.max-body-size=2MB");
	}

	@Test
	void serve_optionWithoutValueOrUnknown_isRefused() {
		assertThatThrownBy(() -> TombotApplication.serveArguments(new String[] { "serve", "--data-dir" }))
			.hasMessageContaining("--data-dir needs a value");
		assertThat(run("serve", "--verbose")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("unknown option '--verbose'").contains("Usage:");
	}

	@Test
	void help_printsUsageAndExitsZero() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("serve").contains("--data-dir").contains("version");
	}

	@Test
	void noCommandOrUnknownCommand_exitsTwo() {
		assertThat(run()).isEqualTo(2);
		assertThat(run("launch")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("unknown command 'launch'");
	}

	@Test
	void newMasterKey_writesAPrivateKeysetTheServerCanUse_andNeverOverwrites(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("eu-master-key.json");
		assertThat(run("new-master-key", file.toString())).isZero();
		assertThat(java.nio.file.Files.getPosixFilePermissions(file)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
		assertThat(java.nio.file.Files.readString(file)).contains("AesGcmKey");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).doesNotContain("value");
		String before = java.nio.file.Files.readString(file);
		assertThat(run("new-master-key", file.toString())).isEqualTo(1);
		assertThat(java.nio.file.Files.readString(file)).isEqualTo(before);
		assertThat(run("new-master-key")).isEqualTo(2);
		// a bare file name: the working directory, whose mode stays as it is
		Path bare = Path.of("new-master-key-test-" + System.nanoTime() + ".json");
		var modeBefore = java.nio.file.Files.getPosixFilePermissions(Path.of("").toAbsolutePath());
		try {
			assertThat(run("new-master-key", bare.toString())).isZero();
			assertThat(java.nio.file.Files.getPosixFilePermissions(Path.of("").toAbsolutePath())).isEqualTo(modeBefore);
		}
		finally {
			java.nio.file.Files.deleteIfExists(bare);
		}
		try (RunningTombot tombot = RunningTombot.start(dir.resolve("data"),
				Map.of("tombot.regions.eu.master-key", "file:" + file))) {
			assertThat(tombot.get("/actuator/health", null).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void version_printsTheBuildVersion() {
		assertThat(run("version")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8).strip())
			.matches("tombot \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(built \\d{4}-.*\\)");
	}

	@Test
	void logFormatJson_writesOneJsonObjectPerLine(@TempDir Path dataDir, CapturedOutput output) {
		try (RunningTombot tombot = RunningTombot.start(dataDir, Map.of("tombot.log-format", "json"))) {
			assertThat(tombot.get("/actuator/health", null).statusCode()).isEqualTo(200);
		}
		String line = output.getOut()
			.lines()
			.filter(l -> l.contains("setup token"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no setup-token log line in: " + output.getOut()));
		var json = RunningTombot.parse(line);
		assertThat(json.path("message").asString()).contains("setup-token");
		assertThat(json.has("@timestamp")).isTrue();
		assertThat(json.path("log").path("level").asString()).isEqualTo("INFO");
	}

}
