package ai.tombot.redaction.internal;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CardNumbers} finds exactly what {@link CardSearchReference}, the card search before
 * round seven, finds (the same findings, at the same offsets) on long runs of digit groups:
 * random groups of 1 to 22 digits and numbers of 12 to 19 digits with a brand's prefix and a
 * valid Luhn check digit (cards, where the brand issues that length; whole, or split in groups),
 * back to back, joined by every separator a card may have, now and then by two of them or by a
 * letter, with digits of other scripts among them; up to a few hundred characters.
 */
class CardSearchReferenceTests {

	/** Prefixes of the brands and the lengths issued there (each brand, and every length 12 to 19). */
	private static final List<String> PREFIXES = List.of("4", "51", "55", "2221", "2720", "34", "37", "6011", "644",
			"65", "622126", "622925", "30", "36", "38", "3528", "62", "50", "56", "69", "2200", "2205", "81", "508",
			"636", "637", "1", "1946", "31", "8600", "9860", "9704", "9792");

	private static final String SEPARATORS = " -\u00A0\u2007\u2009\u202F\u2010\u2011\u2012\u2013\u2212";

	@Property(tries = 3000)
	void findsWhatTheReferenceFinds(@ForAll("runs") String text) {
		assertThat(CardNumbers.find(text)).isEqualTo(CardSearchReference.find(text));
	}

	/** The card search copies a String's characters in bulk, any other text one by one: both ways. */
	@Property(tries = 1000)
	void findsWhatTheReferenceFinds_inAStringBuilder(@ForAll("runs") String text) {
		assertThat(CardNumbers.find(new StringBuilder(text))).isEqualTo(CardSearchReference.find(text));
	}

	@Property(tries = 500)
	void findsWhatTheReferenceFinds_inRunsOfValidCards(@ForAll("cardRuns") String text) {
		assertThat(CardNumbers.find(text)).isEqualTo(CardSearchReference.find(text));
	}

	@Provide
	Arbitrary<String> runs() {
		return Arbitraries.randomValue(random -> text(random, 3));
	}

	@Provide
	Arbitrary<String> cardRuns() {
		return Arbitraries.randomValue(random -> text(random, 1));
	}

	/** Groups and cards (one in {@code cardOdds} tokens a card) up to a few hundred characters. */
	private static String text(Random random, int cardOdds) {
		StringBuilder text = new StringBuilder();
		int length = 1 + random.nextInt(random.nextInt(4) == 0 ? 600 : 120);
		int maxGroup = switch (random.nextInt(4)) {
			case 0 -> 1;
			case 1 -> 4;
			case 2 -> 8;
			default -> 22;
		};
		while (text.length() < length) {
			if (random.nextInt(cardOdds) == 0) {
				String card = card(random);
				int group = random.nextInt(3) == 0 ? card.length() : 1 + random.nextInt(6);
				for (int i = 0; i < card.length(); i++) {
					if (i > 0 && i % group == 0) {
						text.append(separator(random));
					}
					text.append(card.charAt(i));
				}
			}
			else {
				int group = 1 + random.nextInt(maxGroup);
				for (int i = 0; i < group; i++) {
					text.append(digit(random, random.nextInt(10)));
				}
			}
			int join = random.nextInt(20);
			if (join == 0) {
				text.append("  ");
			}
			else if (join == 1) {
				text.append('x');
			}
			else if (join != 2) { // else nothing: the next token's digits continue the group
				text.append(separator(random));
			}
		}
		return text.toString();
	}

	private static char separator(Random random) {
		if (random.nextInt(4) != 0) {
			return " -".charAt(random.nextInt(2));
		}
		return SEPARATORS.charAt(random.nextInt(SEPARATORS.length()));
	}

	/** The digit, now and then in another script (Arabic-Indic or full-width). */
	private static char digit(Random random, int value) {
		return switch (random.nextInt(60)) {
			case 0 -> (char) ('\u0660' + value);
			case 1 -> (char) ('\uFF10' + value);
			default -> (char) ('0' + value);
		};
	}

	/** A brand's prefix, random digits and the Luhn check digit: a card where the brand issues that length. */
	private static String card(Random random) {
		String prefix = PREFIXES.get(random.nextInt(PREFIXES.size()));
		int[] digits = new int[12 + random.nextInt(8)];
		for (int i = 0; i < digits.length; i++) {
			digits[i] = i < prefix.length() ? prefix.charAt(i) - '0' : random.nextInt(10);
		}
		for (int check = 0; check < 10; check++) {
			digits[digits.length - 1] = check;
			if (CardSearchReference.isCard(digits)) {
				break;
			}
		}
		StringBuilder card = new StringBuilder();
		for (int digit : digits) {
			card.append(digit(random, digit));
		}
		return card.toString();
	}

}
