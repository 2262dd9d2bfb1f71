package ai.tombot.redaction.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

import ai.tombot.redaction.Detectors;
import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTests {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	/** Each region's example number, written internationally and as its people write it at home. */
	@ParameterizedTest
	@ValueSource(strings = { "US", "GB", "DE", "FR", "IN", "BR", "JP", "AU" })
	void numbersOfEachRegion_areFound_internationallyAndNationally(String region) {
		var example = PHONES.getExampleNumber(region);
		String international = PHONES.format(example, PhoneNumberFormat.INTERNATIONAL);
		String text = "call me on " + international + " today";
		assertThat(PhoneNumbers.find(text, "US"))
			.containsExactly(new Finding(FindingType.PHONE, 11, 11 + international.length()));
		String national = PHONES.format(example, PhoneNumberFormat.NATIONAL);
		assertThat(PhoneNumbers.find("call " + national + ".", region)).as(national).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "order 12345", "on 2024-01-15", "version 1.2.3", "pin 0000", "at 10:30" })
	void otherNumbers_areNotPhones(String text) {
		assertThat(PhoneNumbers.find(text, "US")).isEmpty();
	}

	@Test
	void aNumberDeepInALongRunOfPhonePunctuation_isFound_andLongRunsAreReadInBoundedWindows() {
		String number = PHONES.format(PHONES.getExampleNumber("US"), PhoneNumberFormat.INTERNATIONAL);
		String text = "- ".repeat(25) + number;
		assertThat(PhoneNumbers.find(text, "US")).singleElement()
			.satisfies(finding -> assertThat(text.substring(finding.start(), finding.end())).isEqualTo(number));
		assertThat(PhoneNumbers.find("1 ".repeat(100_000), "US")).isNotNull();
	}

	@Test
	void aNumberAtAWindowsCut_isFoundWhole_andOtherScriptsPunctuationCounts() {
		for (String text : java.util.List.of("Tab 2460 215 3 22 6 5 665 315 +49 (0) 30 1234 5678 end",
				"Tab 72 518 42 718 21 0725 6 1417 4 +1 202-456-1111 9926 74 59 47 94 end")) {
			String number = text.contains("+49") ? "5678" : "1111";
			assertThat(PhoneNumbers.find(text, "US")).as(text)
				.anySatisfy(finding -> assertThat(text.substring(finding.start(), finding.end())).endsWith(number));
		}
		for (String text : java.util.List.of("+44 20\u22127946\u22120958", "\uFF0B44 20 7946 0958",
				"+44\u300020\u30007946\u30000958")) {
			assertThat(PhoneNumbers.find("call " + text, "us")).as(text).hasSize(1);
		}
	}

	/** As people write US numbers, and as ingest's callers send them (MessageIngestJourneyTests). */
	@ParameterizedTest
	@ValueSource(strings = { "415-555-0199", "(415) 555-0199", "415.555.0199", "+1 415 555 0132", "4155550199",
			"1-415-555-0199", "+1 (415) 555-0199", "+14155550132" })
	void usNumbers_inCommonFormats_areFoundWhole(String number) {
		String text = "you can reach me at " + number + ", thanks";
		assertThat(PhoneNumbers.find(text, "US")).containsExactly(new Finding(FindingType.PHONE, 20, 20 + number.length()));
		assertThat(Detectors.scan(text, "US")).extracting(Finding::type).containsExactly(FindingType.PHONE);
	}

	/** As RedactionPolicyTests expects: a German national number with region DE. */
	@Test
	void aNationalNumber_ofTheGivenRegion_isFound() {
		String text = "ruf an: 030 12345678";
		assertThat(PhoneNumbers.find(text, "DE")).containsExactly(new Finding(FindingType.PHONE, 8, 20));
		assertThat(Detectors.scan(text, "DE")).extracting(Finding::type).containsExactly(FindingType.PHONE);
		assertThat(PhoneNumbers.find("ruf an: 030 12345678", "US")).isEmpty();
	}

	@Test
	void numbersSideBySide_areEachFound_andTrailingGroupsAreLeftOut() {
		assertThat(PhoneNumbers.find("415 555 0199 212 555 0100", "US")).containsExactly(
				new Finding(FindingType.PHONE, 0, 12), new Finding(FindingType.PHONE, 13, 25));
		assertThat(PhoneNumbers.find("415-555-0199 (212) 555-0100", "US")).containsExactly(
				new Finding(FindingType.PHONE, 0, 12), new Finding(FindingType.PHONE, 13, 27));
		assertThat(PhoneNumbers.find("+1 415 555 0199 12", "US")).containsExactly(new Finding(FindingType.PHONE, 0, 15));
	}

	@ParameterizedTest
	@ValueSource(strings = { "on 2026-11-05 10:30 ok", "AA4155550199", "x4155550199", "4155550199abc",
			"ids 2460 215 3 22 6 5 665 315 4155550199", "order 112-4567890-1234567 ok" })
	void datesWithATime_numbersGluedToWords_andNumbersDeepInLongRuns_areNotPhones(String text) {
		assertThat(PhoneNumbers.find(text, "US")).isEmpty();
	}

	@Test
	void aCardNumber_staysACardNumber() {
		assertThat(Detectors.scan("card 4111 1111 1111 1111")).extracting(Finding::type)
			.containsExactly(FindingType.CARD_NUMBER);
	}

}
