package ai.tombot.redaction.internal;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PhoneNumbers} leaves out windows where libphonenumber cannot find a valid number (too
 * few digits for the region, or a long run of digits alone). Over random text of the shapes
 * phone numbers and their look-alikes take, in many regions, it finds exactly what handing
 * every window of six digits or more to libphonenumber finds ({@link RegexScanner#phones}).
 */
class PhoneNumberWindowsTests {

	private static final List<String> REGIONS = List.of("US", "us", "GB", "DE", "FR", "BR", "AR", "IN", "JP", "MX",
			"CN", "RU", "ZZ", "XX");

	private static final List<String> ALPHABETS = List.of("0123456789 ", "0123456789-", "0123456789 -.()+",
			"0123456789 /", "1234567890 +", "0011 ab-", "0000000011111 ", "23456789 .\u2009");

	@Test
	void randomTextInManyRegions_givesWhatEveryWindowGives() {
		Random random = new Random(42);
		for (String region : REGIONS) {
			for (String alphabet : ALPHABETS) {
				for (int sample = 0; sample < 3; sample++) {
					StringBuilder text = new StringBuilder();
					int length = 20 + random.nextInt(400);
					for (int i = 0; i < length; i++) {
						text.append(alphabet.charAt(random.nextInt(alphabet.length())));
					}
					String written = text.toString();
					assertThat(PhoneNumbers.find(written, region)).as(region + " [" + written + "]")
						.isEqualTo(RegexScanner.phones(written, region));
				}
			}
		}
	}

	@Test
	void numbersOfEveryRegion_writtenEveryWay_areFoundAsBefore() {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		for (String region : new TreeSet<>(phones.getSupportedRegions())) {
			var example = phones.getExampleNumber(region);
			if (example == null) {
				continue;
			}
			for (PhoneNumberUtil.PhoneNumberFormat format : PhoneNumberUtil.PhoneNumberFormat.values()) {
				String text = "call " + phones.format(example, format) + " or 00" + example.getCountryCode() + " "
						+ example.getNationalNumber() + " or 011 " + example.getCountryCode() + " "
						+ example.getNationalNumber();
				for (String defaultRegion : List.of(region, "US")) {
					assertThat(PhoneNumbers.find(text, defaultRegion)).as(defaultRegion + " " + text)
						.isEqualTo(RegexScanner.phones(text, defaultRegion));
				}
			}
		}
	}

	@Test
	void longRunsOfDigitsAlone_holdNoNumberInAnyRegion() {
		Random random = new Random(7);
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		for (String region : new TreeSet<>(phones.getSupportedRegions())) {
			StringBuilder digits = new StringBuilder();
			for (int i = 0; i < PhoneNumbers.LONG_DIGIT_RUN; i++) {
				digits.append((char) ('0' + random.nextInt(10)));
			}
			// libphonenumber itself, on the shortest run left out, and a run of the region's own prefixes
			assertThat(phones.findNumbers(digits, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)).as(region)
				.isEmpty();
			String prefixed = ("00" + phones.getCountryCodeForRegion(region) + "0").repeat(12);
			assertThat(PhoneNumbers.find(prefixed, region)).as(region).isEqualTo(RegexScanner.phones(prefixed, region));
		}
	}

}
