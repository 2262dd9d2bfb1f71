package ai.tombot.identity.internal;

import java.util.regex.Pattern;

import ai.tombot.platform.ApiProblem;

/** Usernames: 3 to 100 characters of letters, digits and {@code . _ @ -}; case-sensitive. */
final class Usernames {

	static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{3,100}");

	private Usernames() {
	}

	static void check(String username) {
		if (!VALID.matcher(username).matches()) {
			throw ApiProblem.invalid("username", "must be 3 to 100 characters of letters, digits, '.', '_', '@' and '-'");
		}
	}

}
