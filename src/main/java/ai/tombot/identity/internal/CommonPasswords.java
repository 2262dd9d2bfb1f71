package ai.tombot.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The common and breached passwords shipped in {@code identity/common-passwords.txt} (see
 * docs/passwords.md for the source and how to update it), compared without regard to case.
 * Loaded once, on first use.
 */
final class CommonPasswords {

	static final String RESOURCE = "/identity/common-passwords.txt";

	private CommonPasswords() {
	}

	private static final class Holder {

		static final Set<String> PASSWORDS = load();

	}

	static boolean contains(String password) {
		return Holder.PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
	}

	static int size() {
		return Holder.PASSWORDS.size();
	}

	private static Set<String> load() {
		try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("The common-password list " + RESOURCE + " is missing from the build");
			}
			Set<String> passwords = new HashSet<>(40_000);
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isEmpty() && !line.startsWith("#")) {
					passwords.add(line.toLowerCase(Locale.ROOT));
				}
			}
			return passwords;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the common-password list " + RESOURCE, ex);
		}
	}

}
