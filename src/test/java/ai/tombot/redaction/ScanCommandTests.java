package ai.tombot.redaction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./tombot scan}: redacted text or findings per line, and its exit status. */
class ScanCommandTests {

	@TempDir
	Path dir;

	private record Run(int status, String out, String err) {
	}

	private static Run run(String stdin, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = ScanCommand.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void standardInput_isPrintedRedacted_andExitsOneWhenSomethingWasFound() {
		Run run = run("pay with 4242 4242 4242 4242 please\nmy ssn is 123-45-6789\nnothing here\n");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out()).isEqualTo(
				"pay with [CARD •••• 4242] please\nmy ssn is [SSN]\nnothing here\n".replace("\n", System.lineSeparator()));
		assertThat(run.out()).doesNotContain("4242 4242").doesNotContain("6789");
	}

	@Test
	void json_givesOneObjectPerLine_withJavaStringOffsets() {
		Run run = run("é 4111111111111111\n\nssn 123-45-6789 and 5555555555554444\n", "--json");
		assertThat(run.status()).isEqualTo(1);
		assertThat(run.out().lines().toList()).containsExactly(
				"{\"line\":1,\"findings\":[{\"type\":\"CARD_NUMBER\",\"start\":2,\"end\":18}]}",
				"{\"line\":2,\"findings\":[]}",
				"{\"line\":3,\"findings\":[{\"type\":\"US_SSN\",\"start\":4,\"end\":15},"
						+ "{\"type\":\"CARD_NUMBER\",\"start\":20,\"end\":36}]}");
	}

	@Test
	void linesEndAtLineFeedsOnly_crlfAndAByteOrderMarkAreDropped_andBadUtf8IsReplaced() throws Exception {
		Run run = run("\uFEFFcard 4111111111111111\r\nlone\rcr\n", "--json");
		assertThat(run.out().lines().toList()).containsExactly(
				"{\"line\":1,\"findings\":[{\"type\":\"CARD_NUMBER\",\"start\":5,\"end\":21}]}",
				"{\"line\":2,\"findings\":[]}");
		Path latin1 = this.dir.resolve("latin1.txt");
		Files.write(latin1, "caf\u00e9 4111111111111111\n".getBytes(StandardCharsets.ISO_8859_1));
		Run replaced = run("", latin1.toString());
		assertThat(replaced.status()).isEqualTo(1);
		assertThat(replaced.out()).contains("[CARD •••• 1111]");
	}

	@Test
	void cleanText_exitsZero_filesAreReadInTurn_andErrorsExitTwo() throws Exception {
		assertThat(run("order 12345 shipped\n").status()).isZero();
		Path first = Files.writeString(this.dir.resolve("a.txt"), "one\ntwo\n");
		Path second = Files.writeString(this.dir.resolve("b.txt"), "card 378282246310005\n");
		Run files = run("", "--json", first.toString(), second.toString());
		assertThat(files.status()).isEqualTo(1);
		assertThat(files.out().lines().toList()).last()
			.isEqualTo("{\"line\":3,\"findings\":[{\"type\":\"CARD_NUMBER\",\"start\":5,\"end\":20}]}");
		assertThat(run("", this.dir.resolve("missing.txt").toString()).status()).isEqualTo(2);
		Run unknown = run("", "--yaml");
		assertThat(unknown.status()).isEqualTo(2);
		assertThat(unknown.err()).contains("unknown option");
	}

}
