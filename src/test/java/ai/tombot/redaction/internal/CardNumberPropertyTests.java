package ai.tombot.redaction.internal;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import ai.tombot.redaction.Detectors;
import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of card detection over random input: every Luhn-valid number of every brand and
 * length it issues, grouped with random separators and embedded in random text, is found
 * whole; a Luhn-valid run of digits whose prefix no brand issues at its length never is.
 */
class CardNumberPropertyTests {

	/** A prefix of each brand and the lengths it issues there. */
	private record Issued(String prefix, List<Integer> lengths) {
	}

	private static final List<Issued> ISSUED = List.of(new Issued("4", List.of(13, 16, 19)),
			new Issued("51", List.of(16)), new Issued("55", List.of(16)), new Issued("2221", List.of(16)),
			new Issued("2720", List.of(16)), new Issued("34", List.of(15)), new Issued("37", List.of(15)),
			new Issued("6011", List.of(16, 17, 18, 19)), new Issued("65", List.of(16, 19)),
			new Issued("36", List.of(14, 15, 16, 17, 18, 19)), new Issued("3528", List.of(16, 19)),
			new Issued("62", List.of(16, 17, 18, 19)), new Issued("50", List.of(12, 13, 19)),
			new Issued("6759", List.of(12, 16, 19)), new Issued("2200", List.of(16, 19)),
			new Issued("1", List.of(15)), new Issued("9792", List.of(16)));

	@Property(tries = 2000)
	void everyIssuedCard_inRandomGroupsAndText_isFoundWhole(@ForAll("cards") String card,
			@ForAll("separatorChoices") char separator, @ForAll("groupSizes") int group,
			@ForAll("words") String before, @ForAll("words") String after) {
		StringBuilder written = new StringBuilder();
		for (int i = 0; i < card.length(); i++) {
			if (i > 0 && separator != 0 && i % group == 0) {
				written.append(separator);
			}
			written.append(card.charAt(i));
		}
		String text = before + " " + written + " " + after;
		int start = before.length() + 1;
		List<Finding> findings = Detectors.scan(text);
		assertThat(findings).anySatisfy(finding -> {
			assertThat(finding.type()).isEqualTo(FindingType.CARD_NUMBER);
			assertThat(finding.start()).isLessThanOrEqualTo(start);
			assertThat(finding.end()).isGreaterThanOrEqualTo(start + written.length());
		});
	}

	@Property(tries = 2000)
	void luhnValidRunsWithoutABrandPrefix_areNeverCards(@ForAll("brandless") String number,
			@ForAll("words") String before) {
		assertThat(CardNumbers.find(before + " " + number + " end")).isEmpty();
	}

	@Provide
	Arbitrary<String> cards() {
		return Arbitraries.of(ISSUED).flatMap(issued -> Arbitraries.of(issued.lengths())
			.flatMap(length -> Arbitraries.strings()
				.numeric()
				.ofLength(length - issued.prefix().length() - 1)
				.map(middle -> CardNumbersTests.withCheckDigit(issued.prefix() + middle))));
	}

	/** Runs of 12 to 19 digits starting with 7 or with 80: no brand issues there at any length. */
	@Provide
	Arbitrary<String> brandless() {
		return Combinators.combine(Arbitraries.of("7", "80"), Arbitraries.integers().between(12, 19))
			.flatAs((prefix, length) -> Arbitraries.strings()
				.numeric()
				.ofLength(length - prefix.length() - 1)
				.map(middle -> CardNumbersTests.withCheckDigit(prefix + middle)));
	}

	@Provide
	Arbitrary<Character> separatorChoices() {
		return Arbitraries.of((char) 0, ' ', '-', '\u00A0', '\u2013');
	}

	@Provide
	Arbitrary<Integer> groupSizes() {
		return Arbitraries.integers().between(3, 6);
	}

	@Provide
	Arbitrary<String> words() {
		return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '.', ',', '!').ofMaxLength(30);
	}

}
