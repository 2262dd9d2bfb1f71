package ai.tombot;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import ai.tombot.audit.AuditRetention;
import ai.tombot.audit.AuditVerification;
import ai.tombot.keys.MasterKeyFiles;

/**
 * Entry point of {@code ./tombot}: parses the sub-command, then starts the server for
 * {@code serve}. Options given on the command line become {@code tombot.*} properties, so
 * they outrank the same settings given as environment variables or property files.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TombotApplication {

	static final String USAGE = """
			Usage: tombot <command> [options]

			Commands:
			  serve                 run the server
			  new-master-key FILE   write a new region master key (a Tink keyset) to FILE, mode 0600,
			                        for tombot.regions.<region>.master-key=file:FILE
			  audit verify [--tenant SLUG]
			                        verify the audit chains (every chain, or the tenant's) with the
			                        stores of serve's options; exits 1 when one is broken
			  audit verify-export FILE [--public-key KEYSET]
			                        verify an audit export offline; exits 1 when it was altered
			  audit archive         archive and remove the audit entries older than
			                        tombot.audit.archive-after now (the server does it daily)
			  audit open-archive FILE --out FILE [--public-key KEYSET]
			                        check an audit archive and write its entries (export format)
			                        to the --out file; needs the store's key: serve's options
			  scan [--json] [FILE...]
			                        print text (standard input, or the files) with card numbers, SSNs,
			                        e-mail addresses, phone numbers, IBANs and IP addresses redacted,
			                        or with --json their places per line; exits 1 when it found any
			  bench [--quick] [NAME...]
			                        (the ./tombot launcher, in a source tree) run every benchmark against
			                        its baseline; writes target/bench/results.json
			  version               print the version and exit
			  --help                print this help and exit

			Options of serve (each also a property and an environment variable):
			  --data-dir DIR     embedded stores, certificate and setup token   [./tombot-data]
			                     (tombot.data-dir, TOMBOT_DATA_DIR)
			  --https-port N     HTTPS port                                       [8443]
			                     (tombot.https-port, TOMBOT_HTTPS_PORT)
			  --http-port N      plain HTTP port that only redirects; 0 disables it [8080]
			                     (tombot.http-port, TOMBOT_HTTP_PORT)
			  --log-format F     text or json                                     [text]
			                     (tombot.log-format, TOMBOT_LOG_FORMAT)
			  --NAME=VALUE       any other property, e.g. --tombot.control.store.url=...
			""";

	public static void main(String[] args) {
		int status = run(args, System.out, System.err);
		if (status >= 0) {
			System.exit(status);
		}
	}

	/**
	 * Runs one command. Answers the exit status, or -1 when the server was started and the
	 * JVM must stay up.
	 */
	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
			(args.length == 0 ? err : out).print(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		switch (args[0]) {
			case "version" -> {
				out.println("tombot " + version());
				return 0;
			}
			case "new-master-key" -> {
				if (args.length != 2) {
					err.println("tombot new-master-key: give the file to write");
					return 2;
				}
				try {
					MasterKeyFiles.create(Path.of(args[1]));
				}
				catch (IOException | RuntimeException ex) {
					err.println("tombot new-master-key: " + ex.getMessage());
					return 1;
				}
				out.println("Wrote a new master key to " + args[1] + " (mode 0600). Keep it as secret as the data "
						+ "it protects, and back it up: without it the region's data cannot be read.");
				return 0;
			}
			case "audit" -> {
				return audit(args, out, err);
			}
			case "scan" -> {
				// the redaction marks are not ASCII: UTF-8 whatever the locale
				PrintStream text = out == System.out ? new PrintStream(
						new java.io.FileOutputStream(java.io.FileDescriptor.out), true, java.nio.charset.StandardCharsets.UTF_8)
						: out;
				return ai.tombot.redaction.ScanCommand.run(List.of(args).subList(1, args.length), System.in, text, err);
			}
			case "serve" -> {
				List<String> springArgs;
				try {
					springArgs = serveArguments(args);
				}
				catch (IllegalArgumentException ex) {
					err.println("tombot serve: " + ex.getMessage());
					err.print(USAGE);
					return 2;
				}
				SpringApplication.run(TombotApplication.class, springArgs.toArray(String[]::new));
				return -1;
			}
			default -> {
				err.println("tombot: unknown command '" + args[0] + "'");
				err.print(USAGE);
				return 2;
			}
		}
	}

	/**
	 * {@code audit verify}, {@code archive} and {@code open-archive} open the stores as
	 * {@code serve} would, without a web server; exit 0 when all is well, 1 when a chain or an
	 * archive is broken (or a chain could not be archived), 2 when they cannot run.
	 * {@code verify-export} needs no stores.
	 */
	static int audit(String[] args, PrintStream out, PrintStream err) {
		if (args.length >= 3 && args[1].equals("verify-export")) {
			Path key = null;
			if (args.length == 5 && args[3].equals("--public-key")) {
				key = Path.of(args[4]);
			}
			else if (args.length != 3) {
				err.println("tombot audit verify-export: give the export file, and optionally --public-key KEYSET");
				return 2;
			}
			return AuditVerification.verifyExport(Path.of(args[2]), key, out);
		}
		String command = args.length < 2 ? "" : args[1];
		if (!List.of("verify", "archive", "open-archive").contains(command)) {
			err.println("tombot audit: the commands are 'audit verify [--tenant SLUG]', 'audit archive', "
					+ "'audit open-archive FILE --out FILE [--public-key KEYSET]' (each with serve's options) and "
					+ "'audit verify-export FILE [--public-key KEYSET]'");
			return 2;
		}
		String tenant = null;
		Path archive = null;
		Path output = null;
		Path publicKey = null;
		List<String> rest = new ArrayList<>(List.of("serve"));
		int first = 2;
		if (command.equals("open-archive") && args.length > 2 && !args[2].startsWith("--")) {
			archive = Path.of(args[2]); // the file comes first, before any option
			first = 3;
		}
		for (int i = first; i < args.length; i++) {
			String option = args[i].contains("=") ? args[i].substring(0, args[i].indexOf('=')) : args[i];
			boolean own = switch (command) {
				case "verify" -> option.equals("--tenant");
				case "open-archive" -> option.equals("--out") || option.equals("--public-key");
				default -> false;
			};
			if (own) {
				String value = args[i].contains("=") ? args[i].substring(args[i].indexOf('=') + 1)
						: i + 1 < args.length ? args[++i] : null;
				if (value == null) {
					err.println("tombot audit " + command + ": option " + option + " needs a value");
					return 2;
				}
				switch (option) {
					case "--tenant" -> tenant = value;
					case "--out" -> output = Path.of(value);
					default -> publicKey = Path.of(value);
				}
			}
			else {
				rest.add(args[i]);
			}
		}
		if (command.equals("open-archive") && (archive == null || output == null)) {
			err.println("tombot audit open-archive: give the archive file first, and --out FILE for its entries");
			return 2;
		}
		List<String> springArgs;
		try {
			springArgs = serveArguments(rest.toArray(String[]::new));
		}
		catch (IllegalArgumentException ex) {
			err.println("tombot audit " + command + ": " + ex.getMessage());
			return 2;
		}
		springArgs.add("--spring.main.banner-mode=off");
		springArgs.add("--logging.level.root=WARN");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TombotApplication.class)
			.web(WebApplicationType.NONE)
			.run(springArgs.toArray(String[]::new))) {
			return switch (command) {
				case "verify" -> context.getBean(AuditVerification.class).verify(tenant, out) ? 0 : 1;
				case "archive" -> context.getBean(AuditRetention.class).archive(out);
				default -> context.getBean(AuditRetention.class).openArchive(archive, publicKey, output, out);
			};
		}
		catch (RuntimeException ex) {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			err.println("tombot audit " + command + ": " + root.getMessage());
			err.println("(Embedded stores open in one process at a time: stop the server, or ask it with "
					+ "POST /api/v1/audit/verify.)");
			return 2;
		}
	}

	/** Translates the options of {@code serve} into Spring Boot command-line properties. */
	static List<String> serveArguments(String[] args) {
		List<String> result = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			String property = switch (name) {
				case "--data-dir" -> "tombot.data-dir";
				case "--https-port" -> "tombot.https-port";
				case "--http-port" -> "tombot.http-port";
				case "--log-format" -> "tombot.log-format";
				default -> null;
			};
			if (property == null) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("unknown option '" + arg + "'");
				}
				result.add(arg);
				continue;
			}
			String value;
			if (arg.contains("=")) {
				value = arg.substring(arg.indexOf('=') + 1);
			}
			else if (i + 1 < args.length) {
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException("option " + name + " needs a value");
			}
			result.add("--" + property + "=" + value);
		}
		return result;
	}

	/** The version recorded by the build in {@code META-INF/build-info.properties}. */
	static String version() {
		try (InputStream in = TombotApplication.class.getResourceAsStream("/META-INF/build-info.properties")) {
			if (in == null) {
				return "development build";
			}
			Properties info = new Properties();
			info.load(in);
			return info.getProperty("build.version", "unknown") + " (built " + info.getProperty("build.time", "?") + ")";
		}
		catch (IOException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

}
