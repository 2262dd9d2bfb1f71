package ai.tombot.redaction.internal;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumbersTests {

	/** The brands' published test numbers, one or more per brand. */
	@ParameterizedTest
	@ValueSource(strings = { "4111111111111111", "4012888888881881", "4222222222222", "5555555555554444",
			"5105105105105100", "2223003122003222", "378282246310005", "371449635398431", "6011111111111117",
			"6011000990139424", "30569309025904", "38520000023237", "3530111333300000", "3566002020360505",
			"6200000000000005", "6759649826438453", "6799990100000000019", "6771798021000008", "4111 1111 1111 1111", "4111-1111-1111-1111",
			"3782 822463 10005", "5555-5555-5555-4444" })
	void everyBrandsTestNumber_isFound_asOneRunOrInGroups(String card) {
		String text = "card: " + card + ", exp 12/27";
		assertThat(CardNumbers.find(text)).containsExactly(new Finding(FindingType.CARD_NUMBER, 6, 6 + card.length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "490154203237518", // an IMEI: Luhn-valid, 15 digits, Visa issues none that long
			"356938035643809", // an IMEI starting like a JCB number, which has 16 to 19 digits
			"4111111111111112", // a Visa number with a wrong check digit
			"41111111111111111111", // 20 digits
			"4111  1111 1111 1111" }) // two spaces split it: no run of 12 to 19 digits is a card
	void luhnValidNumbersNoBrandIssues_andBrokenNumbers_areNotCards(String number) {
		assertThat(CardNumbers.find("ref " + number + " ok")).isEmpty();
	}

	@Test
	void luhnValidTimestampsAndOrderNumbers_areNotCards() {
		// a millisecond timestamp (13 digits, from 17…), microseconds (16 digits), and order numbers
		// from 9 (no brand but Troy's 9792 issues there) and from 7 (no brand at all)
		for (String prefix : List.of("176435000000", "176435000000000", "900012345678901", "700012345678901")) {
			String number = withCheckDigit(prefix);
			assertThat(CardNumbers.luhn(digits(number), 0, number.length())).isTrue();
			assertThat(CardNumbers.find("id " + number)).as(number).isEmpty();
		}
	}

	@Test
	void aCardAmongOtherNumbers_isFoundAlone() {
		String text = "call 555 4111 1111 1111 1111 then 12345";
		assertThat(CardNumbers.find(text)).containsExactly(new Finding(FindingType.CARD_NUMBER, 9, 28));
		String two = "4111111111111111 and 5555 5555 5555 4444";
		assertThat(CardNumbers.find(two)).containsExactly(new Finding(FindingType.CARD_NUMBER, 0, 16),
				new Finding(FindingType.CARD_NUMBER, 21, 40));
	}

	@Test
	void cardsLongIntoARunOfGroups_areFound() {
		String text = "0 ".repeat(61) + "4111 1111 1111 1111";
		assertThat(CardNumbers.find(text)).containsExactly(new Finding(FindingType.CARD_NUMBER, 122, text.length()));
		String five = "378282246310005 4111 1111 1111 1111 4111 1111 1111 1111 4111 1111 1111 1111 4111 1111 1111 1111";
		assertThat(ai.tombot.redaction.Redactions.redact(five, CardNumbers.find(five)))
			.isEqualTo("[CARD •••• 0005]" + " [CARD •••• 1111]".repeat(4));
	}

	@Test
	void overlappingCards_andACardWithItsSecurityCode_areCoveredWhole_withoutShowingDigits() {
		String two = "3056 930902 5904 4242 4242 4242 4242";
		String redacted = ai.tombot.redaction.Redactions.redact(two, CardNumbers.find(two));
		assertThat(redacted).doesNotContain("4242").doesNotContain("5904");
		Random random = new Random(11);
		for (int i = 0; i < 500; i++) {
			String card = withCheckDigit("4" + randomDigits(random, 14));
			String withCode = card.substring(0, 4) + " " + card.substring(4, 8) + " " + card.substring(8, 12) + " "
					+ card.substring(12) + " " + randomDigits(random, 3);
			String shown = ai.tombot.redaction.Redactions.redact("pay " + withCode, CardNumbers.find("pay " + withCode));
			// no card digit is left, and the digits shown are the card's own last four or none
			assertThat(shown).as(withCode)
				.doesNotContain(card.substring(0, 4))
				.satisfiesAnyOf(text -> assertThat(text).startsWith("pay [CARD •••• " + card.substring(12) + "] "),
						text -> assertThat(text).startsWith("pay [CARD]"));
		}
	}

	@Test
	void digitsOfOtherScripts_andOtherSpaces_areCardsToo() {
		for (String card : List.of("4111\u00A01111\u00A01111\u00A01111", "4111\u202F1111\u202F1111\u202F1111",
				"4111\u20131111\u20131111\u20131111", "\uFF14\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11")) {
			assertThat(CardNumbers.find("card " + card)).as(card).hasSize(1);
			assertThat(ai.tombot.redaction.Redactions.redact(card, CardNumbers.find(card))).isEqualTo("[CARD •••• 1111]");
		}
	}

	@Test
	void randomCardsOfEachLength_areFound_andRandomNumbersWithoutABrand_areNot() {
		Random random = new Random(7);
		for (int i = 0; i < 2000; i++) {
			int length = List.of(13, 16, 19).get(random.nextInt(3));
			String visa = withCheckDigit("4" + randomDigits(random, length - 2));
			assertThat(CardNumbers.find("x " + visa + " y")).as(visa).hasSize(1);
			// 7 and 8 (but 81, 82) start no card of any length
			String none = withCheckDigit((random.nextBoolean() ? "7" : "80") + randomDigits(random, 14));
			assertThat(CardNumbers.find("x " + none + " y")).as(none).isEmpty();
		}
	}

	@Test
	void longRunsOfDigitsAndSeparators_areScannedWithoutFindingCardsInThem() {
		String noise = "1-".repeat(50_000) + "1";
		assertThat(CardNumbers.find(noise)).isEmpty();
		String digits = "9".repeat(100_000);
		assertThat(CardNumbers.find(digits)).isEmpty();
	}

	private static String randomDigits(Random random, int count) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < count; i++) {
			digits.append(random.nextInt(10));
		}
		return digits.toString();
	}

	/** {@code prefix} followed by the digit that makes it pass the Luhn check. */
	static String withCheckDigit(String prefix) {
		for (int check = 0; check < 10; check++) {
			String candidate = prefix + check;
			if (CardNumbers.luhn(digits(candidate), 0, candidate.length())) {
				return candidate;
			}
		}
		throw new IllegalStateException("no check digit for " + prefix);
	}

	private static int[] digits(String number) {
		return number.chars().map(c -> c - '0').toArray();
	}

	/**
	 * The card search reads an ASCII character's digit value as {@code c - '0'} and takes any
	 * value that is not negative for a digit: an ASCII separator at or above {@code '0'} would be
	 * read as a digit.
	 */
	@Test
	void everyAsciiSeparator_isBelowTheDigits() {
		for (char c = 0; c < 128; c++) {
			if (CardNumbers.isSeparator(c)) {
				assertThat((int) c).as("separator U+%04X", (int) c).isLessThan('0');
			}
		}
	}

}
