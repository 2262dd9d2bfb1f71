package ai.tombot.identity.internal;

import org.junit.jupiter.api.Test;

import ai.tombot.platform.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PCI DSS 8.3.6 and NIST 800-63B where they agree, rule by rule. */
class PasswordPolicyTests {

	private static void refused(String password, String username, String email, String rule) {
		assertThatThrownBy(() -> PasswordPolicy.check(password, username, email)).isInstanceOfSatisfying(ApiProblem.class,
				problem -> assertThat(problem.properties().toString()).contains("password").contains(rule));
	}

	@Test
	void length_countsCodePoints_12To128() {
		refused("abcdefghij1", "u", null, "12 to 128");
		assertThatCode(() -> PasswordPolicy.check("abcdefghijk1", "u", null)).doesNotThrowAnyException();
		String emoji = "😀".repeat(11) + "a1";
		assertThat(emoji.length()).isGreaterThan(12);
		refused("😀".repeat(9) + "a1", "u", null, "(has 11)");
		assertThatCode(() -> PasswordPolicy.check(emoji, "u", null)).doesNotThrowAnyException();
		refused("a1".repeat(64) + "x", "u", null, "(has 129)");
	}

	@Test
	void composition_needsALetterAndADigit() {
		refused("abcdefghijklm", "u", null, "letter and one digit");
		refused("1234567890123", "u", null, "letter and one digit");
		assertThatCode(() -> PasswordPolicy.check("ünïcödé-pass-7", "u", null)).doesNotThrowAnyException();
	}

	@Test
	void identity_notTheUsernameNorTheEmail() {
		refused("Alice-admin-123", "alice-admin-123", null, "username");
		refused("Alice1234@acme.example", "alice", "alice1234@acme.example", "e-mail");
	}

	@Test
	void commonList_refusesBreachedPasswordsWhateverTheirCase() {
		assertThat(CommonPasswords.size()).isGreaterThanOrEqualTo(10_000);
		refused("qwerty123456", "u", null, "commonly used");
		refused("1QAZ2WSX3EDC", "u", null, "commonly used");
		assertThatCode(() -> PasswordPolicy.check("Tombot-unusual-2026-x", "u", null)).doesNotThrowAnyException();
	}

}
