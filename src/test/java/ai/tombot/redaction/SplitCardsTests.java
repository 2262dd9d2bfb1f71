package ai.tombot.redaction;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.tombot.redaction.SplitCards.Fragment;

import static org.assertj.core.api.Assertions.assertThat;

class SplitCardsTests {

	@Test
	void cardInTwoMessages_isFoundInBoth() {
		assertThat(SplitCards.find(List.of("my card is 4111 1111", "1111 1111 thanks")))
			.containsExactly(new Fragment(0, 11, 20), new Fragment(1, 0, 9));
	}

	@Test
	void cardInFourMessages_throughMessagesOfDigitsOnly() {
		assertThat(SplitCards.find(List.of("card: 4111", "1111", " 1111 ", "1111")))
			.containsExactly(new Fragment(0, 6, 10), new Fragment(1, 0, 4), new Fragment(2, 1, 5), new Fragment(3, 0, 4));
	}

	@Test
	void amexSplitWithDashes_isFound() {
		assertThat(SplitCards.find(List.of("3782-822463", "-10005"))).hasSize(2);
	}

	@Test
	void everySeparatorTheDetectorTakes_joinsASplitCard() {
		int separators = 0;
		for (char c = 1; c < Character.MAX_VALUE; c++) {
			String s = String.valueOf(c);
			if (Character.digit(c, 10) >= 0 || Detectors.scan("4111" + s + "1111" + s + "1111" + s + "1111", "US").stream()
				.noneMatch(finding -> finding.type() == FindingType.CARD_NUMBER)) {
				continue;
			}
			separators++;
			assertThat(SplitCards.find(List.of("card 4111" + s + "1111", "1111" + s + "1111"))).as("U+%04X", (int) c)
				.containsExactly(new Fragment(0, 5, 14), new Fragment(1, 0, 9));
			assertThat(SplitCards.find(List.of("4111" + s + "1111" + s + "1111", s + "1111"))).as("U+%04X", (int) c)
				.hasSize(2);
		}
		assertThat(separators).isGreaterThanOrEqualTo(11); // spaces, no-break and thin spaces, dashes, minus
	}

	@Test
	void digitsThatMakeNoCard_areNotFound() {
		assertThat(SplitCards.find(List.of("order 4111 1111", "1111 1112"))).isEmpty(); // Luhn fails
		assertThat(SplitCards.find(List.of("call 0800 123", "4567 please"))).isEmpty();
		// Luhn-valid, but no brand issues 16 digits starting 99
		assertThat(SplitCards.find(List.of("9900 0000", "0000 0009"))).isEmpty();
	}

	@Test
	void theLatestPart_mayStartAtALaterDigitRun() {
		assertThat(SplitCards.find(List.of("card 4111 1111", "part 2: 1111 1111"))).containsExactly(new Fragment(0, 5, 14),
				new Fragment(1, 8, 17));
		// at most three runs in: a fourth is not tried
		assertThat(SplitCards.find(List.of("card 4111 1111", "1 a 2 b 3 c 1111 1111"))).isEmpty();
	}

	@Test
	void canEnd_onlyWithDigitsOutsideReplacementsAndWholeCards() {
		assertThat(SplitCards.canEnd("1111 1111 thanks")).isTrue();
		assertThat(SplitCards.canEnd("part 2: 1111")).isTrue();
		assertThat(SplitCards.canEnd("ok, thanks!")).isFalse();
		assertThat(SplitCards.canEnd("")).isFalse();
		assertThat(SplitCards.canEnd("my card is 4111 1111 1111 1111")).isFalse(); // whole: the detectors' card
		assertThat(SplitCards.canEnd("[CARD •••• 4242] and [PHONE:tk_abcdefghijklmnopqrstu1]")).isFalse();
		assertThat(SplitCards.canEnd("٤١١١ ١١١١")).isTrue(); // digits of any script, as find reads them
	}

	@Test
	void latestThatCannotEnd_findsNothingWhateverCameBefore() {
		List<String> earlier = List.of("card 4111 1111", "1111", "4111 1111 1111");
		for (String latest : List.of("thanks", "4111 1111 1111 1111", "[CARD •••• 1111]", "?!")) {
			assertThat(SplitCards.canEnd(latest)).isFalse();
			for (int from = 0; from < earlier.size(); from++) {
				List<String> texts = new java.util.ArrayList<>(earlier.subList(from, earlier.size()));
				texts.add(latest);
				assertThat(SplitCards.find(texts)).isEmpty();
			}
		}
	}

	@Test
	void aMessageWithWordsBetween_breaksTheRun() {
		assertThat(SplitCards.find(List.of("4111 1111", "what?", "1111 1111"))).isEmpty();
	}

	@Test
	void aCardWithinOneMessage_isLeftToTheDetectors() {
		assertThat(SplitCards.find(List.of("4111 1111 1111 1111"))).isEmpty();
		assertThat(SplitCards.find(List.of("hello", "4111 1111 1111 1111"))).isEmpty();
	}

	@Test
	void digitsOfEarlierReplacements_areNotTyping() {
		// "[CARD •••• 1111]" and a token ending in digits must not start a card
		assertThat(SplitCards.find(List.of("[CARD •••• 4242]", "4242 4242 4242"))).isEmpty();
		assertThat(SplitCards.find(List.of("mail [EMAIL:tk_abcdefghijklmnopqrst41]", "11 1111 1111 1111"))).isEmpty();
	}

	@Test
	void aWholeCardInTheLatestMessage_isNeverCutIntoASplitCard() {
		// a code ending the earlier message and a whole card in the next: the card is the detectors',
		// whole; taking part of it here would leave the rest of its digits in clear
		assertThat(SplitCards.find(List.of("my code is 512345", "card 5555 5555 5555 4444"))).isEmpty();
		java.util.Random random = new java.util.Random(42);
		for (int i = 0; i < 2000; i++) {
			String code = String.format("%06d", random.nextInt(1_000_000));
			assertThat(SplitCards.find(List.of("code " + code, "card 4111 1111 1111 1111 thanks"))).as(code).isEmpty();
		}
	}

	@Test
	void nestedReplacementOpenings_areBlankedInLinearTime() {
		String text = "[SSN ".repeat(20_000) + "]" + " 4111 1111";
		assertThat(SplitCards.withoutReplacements(text)).endsWith("] 4111 1111").doesNotContain("SSN");
	}

	@Test
	void longRuns_areBounded() {
		String digits = "1".repeat(100_000);
		assertThat(SplitCards.find(List.of(digits, digits))).isEmpty();
	}

}
