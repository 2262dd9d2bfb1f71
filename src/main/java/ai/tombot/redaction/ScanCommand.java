package ai.tombot.redaction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tombot scan [--json] [FILE...]}: reads text (standard input when no file is given,
 * files one after another as if joined) and prints it redacted, or with {@code --json} one
 * object per input line: {@code {"line":N,"findings":[{"type":"CARD_NUMBER","start":S,"end":E}]}}
 * ({@code line} from 1 across all input, offsets are Java {@code String} indices into the line,
 * {@code end} exclusive). Exit status 0 when nothing was found, 1 when something was, 2 on error.
 */
public final class ScanCommand {

	private ScanCommand() {
	}

	public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
		boolean json = false;
		List<Path> files = new ArrayList<>();
		for (String arg : args) {
			if (arg.equals("--json")) {
				json = true;
			}
			else if (arg.startsWith("--")) {
				err.println("tombot scan: unknown option '" + arg + "'; usage: tombot scan [--json] [FILE...]");
				return 2;
			}
			else {
				files.add(Path.of(arg));
			}
		}
		boolean found = false;
		long line = 0;
		try {
			List<BufferedReader> readers = new ArrayList<>();
			if (files.isEmpty()) {
				readers.add(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
			}
			for (Path file : files) {
				if (!Files.isReadable(file)) {
					err.println("tombot scan: cannot read " + file);
					return 2;
				}
			}
			for (Path file : files) {
				readers.add(Files.newBufferedReader(file, StandardCharsets.UTF_8));
			}
			for (BufferedReader reader : readers) {
				try (reader) {
					String text;
					while ((text = reader.readLine()) != null) {
						line++;
						List<Finding> findings = Detectors.scan(text);
						found |= !findings.isEmpty();
						out.println(json ? json(line, findings) : Redactions.redact(text, findings));
					}
				}
			}
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			err.println("tombot scan: " + ex.getMessage());
			return 2;
		}
		out.flush();
		return found ? 1 : 0;
	}

	private static String json(long line, List<Finding> findings) {
		StringBuilder json = new StringBuilder("{\"line\":").append(line).append(",\"findings\":[");
		for (int i = 0; i < findings.size(); i++) {
			Finding finding = findings.get(i);
			json.append(i == 0 ? "" : ",")
				.append("{\"type\":\"")
				.append(finding.type().name())
				.append("\",\"start\":")
				.append(finding.start())
				.append(",\"end\":")
				.append(finding.end())
				.append('}');
		}
		return json.append("]}").toString();
	}

}
