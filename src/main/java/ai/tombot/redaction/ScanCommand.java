package ai.tombot.redaction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
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
		long[] line = { 0 };
		try {
			if (files.isEmpty()) {
				found = scan(new InputStreamReader(in, StandardCharsets.UTF_8), json, line, out);
			}
			for (Path file : files) {
				// one file open at a time; bytes that are not UTF-8 become U+FFFD, as on standard input
				try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
					found |= scan(reader, json, line, out);
				}
				catch (IOException ex) {
					err.println("tombot scan: cannot read " + file + ": " + ex.getClass().getSimpleName());
					return 2;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			err.println("tombot scan: " + ex.getMessage());
			return 2;
		}
		out.flush();
		if (out.checkError()) {
			err.println("tombot scan: the output could not be written");
			return 2;
		}
		return found ? 1 : 0;
	}

	/**
	 * Scans lines split at {@code \n} only (a {@code \r} before it is dropped, a lone one kept, and
	 * a byte-order mark at the start dropped), so that line numbers and offsets match what
	 * {@code grep -n} and {@code wc -l} see.
	 */
	private static boolean scan(Reader input, boolean json, long[] line, PrintStream out) throws IOException {
		BufferedReader reader = new BufferedReader(input);
		boolean found = false;
		boolean first = true;
		StringBuilder text = new StringBuilder();
		int c;
		boolean pending = false;
		while ((c = reader.read()) != -1) {
			if (first && c == '\uFEFF') {
				first = false;
				continue;
			}
			first = false;
			if (c == '\n') {
				found |= emit(text, json, ++line[0], out);
				text.setLength(0);
				pending = false;
			}
			else {
				text.append((char) c);
				pending = true;
			}
		}
		if (pending) {
			found |= emit(text, json, ++line[0], out);
		}
		return found;
	}

	private static boolean emit(StringBuilder raw, boolean json, long line, PrintStream out) {
		int length = raw.length();
		String text = length > 0 && raw.charAt(length - 1) == '\r' ? raw.substring(0, length - 1) : raw.toString();
		List<Finding> findings = Detectors.scan(text);
		out.println(json ? json(line, findings) : Redactions.redact(text, findings));
		return !findings.isEmpty();
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
