package ai.tombot.identity.internal;

import java.util.Locale;

import ai.tombot.platform.ApiProblem;

/**
 * The rules a new password must meet: 12 to 128 characters counted as code points (PCI DSS
 * 8.3.6, NIST 800-63B allow longer; 128 bounds the hashing work), at least one letter and
 * one digit (PCI DSS 8.3.6), not the username or the e-mail address, and not one of the
 * common and breached passwords Tombot ships ({@link CommonPasswords}). A change of one's own
 * password also may not reuse one of the last four ({@code PasswordChanges}).
 */
final class PasswordPolicy {

	static final int MIN_LENGTH = 12;

	static final int MAX_LENGTH = 128;

	private PasswordPolicy() {
	}

	/** @throws ApiProblem 400 naming the rule the password breaks */
	static void check(String password, String username) {
		check(password, username, null);
	}

	/** @throws ApiProblem 400 naming the rule the password breaks */
	static void check(String password, String username, String email) {
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			throw ApiProblem.invalid("password",
					"must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long (has " + length + ")");
		}
		if (password.codePoints().noneMatch(Character::isLetter) || password.codePoints().noneMatch(Character::isDigit)) {
			throw ApiProblem.invalid("password", "must contain at least one letter and one digit");
		}
		if (username != null && password.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
			throw ApiProblem.invalid("password", "must not be the username");
		}
		if (email != null && password.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
			throw ApiProblem.invalid("password", "must not be the e-mail address");
		}
		if (CommonPasswords.contains(password)) {
			throw ApiProblem.invalid("password", "is a commonly used or breached password; choose another");
		}
	}

}
