package ai.tombot.redaction.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.tombot.redaction.Detectors;
import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

import static org.assertj.core.api.Assertions.assertThat;

class SocialSecurityNumbersTests {

	@ParameterizedTest
	@ValueSource(strings = { "123-45-6789", "123 45 6789", "078-05-1120", "899-99-9999" })
	void grouped_areFound(String ssn) {
		String text = "it is " + ssn + ".";
		assertThat(SocialSecurityNumbers.find(text)).containsExactly(new Finding(FindingType.US_SSN, 6, 6 + ssn.length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000",
			"123-45 6789", "1234-56-7890", "0123-45-6789", "123-45-67890", "12-345-6789", "call 1-123-45-6789 now",
			"123-45-6789-1", "1 123 45 6789" })
	void numbersTheSsaDoesNotIssue_andOtherShapes_areNot(String text) {
		assertThat(SocialSecurityNumbers.find(text)).isEmpty();
	}

	@Test
	void digitsOfOtherScripts_areReadAsDigits() {
		// full-width (typed on many phones) and Arabic-Indic digits: the same SSN, the same rules
		assertThat(SocialSecurityNumbers.find("my ssn is １２３-４５-６７８９")).containsExactly(
				new Finding(FindingType.US_SSN, 10, 21));
		assertThat(SocialSecurityNumbers.find("ssn ١٢٣٤٥٦٧٨٩")).containsExactly(new Finding(FindingType.US_SSN, 4, 13));
		assertThat(Detectors.scan("it is １２３ ４５ ６７８９.")).containsExactly(new Finding(FindingType.US_SSN, 6, 17));
		assertThat(SocialSecurityNumbers.find("it is ６６６-４５-６７８９, or 1２３-４５-６７８９0")).isEmpty();
		// and the dashes and spaces such keyboards type, the same one twice
		assertThat(SocialSecurityNumbers.find("my ssn is １２３－４５－６７８９")).containsExactly(
				new Finding(FindingType.US_SSN, 10, 21));
		assertThat(SocialSecurityNumbers.find("my ssn is １２３　４５　６７８９")).hasSize(1);
		assertThat(SocialSecurityNumbers.find("it is 123\u2013" + "45\u2013" + "6789")).hasSize(1);
		assertThat(SocialSecurityNumbers.find("it is 123－45-6789")).isEmpty();
		assertThat(SocialSecurityNumbers.find("Employee 1043 123－45－6789")).hasSize(1);
		assertThat(SocialSecurityNumbers.find("1043　123　45　6789")).isEmpty();
	}

	@Test
	void aDashedSsn_aSpaceAwayFromAnotherNumber_isFound() {
		assertThat(SocialSecurityNumbers.find("Employee 1043 123-45-6789")).containsExactly(
				new Finding(FindingType.US_SSN, 14, 25));
		assertThat(SocialSecurityNumbers.find("123-45-6789 2024")).hasSize(1);
		assertThat(SocialSecurityNumbers.find("1043 123 45 6789")).isEmpty();
	}

	@Test
	void contextWords_countOnlyAsWordsOfTheirOwn() {
		assertThat(SocialSecurityNumbers.find("Address# 123456789")).isEmpty();
		assertThat(SocialSecurityNumbers.find("Class # 123456789")).isEmpty();
		assertThat(SocialSecurityNumbers.find("antisocial 123456789")).isEmpty();
		assertThat(SocialSecurityNumbers.find("Assn 123456789")).isEmpty();
		assertThat(SocialSecurityNumbers.find("SSNs: 123456789")).hasSize(1);
		assertThat(SocialSecurityNumbers.find("SS# 123456789")).hasSize(1);
	}

	@Test
	void nineBareDigits_areFoundOnlyNearAContextWord() {
		assertThat(SocialSecurityNumbers.find("order 123456789 shipped")).isEmpty();
		assertThat(SocialSecurityNumbers.find("SSN: 123456789")).containsExactly(new Finding(FindingType.US_SSN, 5, 14));
		assertThat(SocialSecurityNumbers.find("my Social Security number is 123456789"))
			.containsExactly(new Finding(FindingType.US_SSN, 29, 38));
		assertThat(SocialSecurityNumbers.find("123456789 is my ssn")).hasSize(1);
		assertThat(SocialSecurityNumbers.find("ssn 000456789")).isEmpty();
		assertThat(SocialSecurityNumbers.find("ssn 1234567890")).isEmpty();
	}

	@Test
	void detectors_reportCardsAndSsnsInOrder_andDigitsOfACardAreNotAlsoAnSsn() {
		String text = "ssn 123-45-6789, card 4111 1111 1111 1111";
		assertThat(Detectors.scan(text)).containsExactly(new Finding(FindingType.US_SSN, 4, 15),
				new Finding(FindingType.CARD_NUMBER, 22, 41));
		// nine digits inside a longer grouped number are no SSN, even next to the word
		assertThat(Detectors.scan("ssn? no: 4111 111111111 1111")).noneMatch(finding -> finding.type() == FindingType.US_SSN);
		assertThat(SocialSecurityNumbers.find("ssn 123456789")).hasSize(1);
	}

}
