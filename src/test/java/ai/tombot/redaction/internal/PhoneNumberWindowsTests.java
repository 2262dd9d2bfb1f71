package ai.tombot.redaction.internal;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

import ai.tombot.redaction.Finding;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PhoneNumbers} leaves out candidates whose count of digits no valid number of the
 * region has, before parsing. Over random text of the shapes phone numbers and their
 * look-alikes take, in many regions, it finds exactly what parsing every candidate finds
 * ({@link RegexScanner#phones}, which finds the candidates with {@code java.util.regex}), and
 * every region's numbers, written every way, are found.
 */
class PhoneNumberWindowsTests {

	private static final List<String> REGIONS = List.of("US", "us", "GB", "DE", "FR", "BR", "AR", "IN", "JP", "MX",
			"CN", "RU", "IT", "ZZ", "XX");

	private static final List<String> ALPHABETS = List.of("0123456789 ", "0123456789-", "0123456789 -.()+",
			"0123456789 /", "1234567890 +", "0011 ab-", "0000000011111 ", "23456789 .\u2009", "0123456789   x");

	@Test
	void randomTextInManyRegions_givesWhatParsingEveryCandidateGives() {
		Random random = new Random(42);
		for (String region : REGIONS) {
			for (String alphabet : ALPHABETS) {
				for (int sample = 0; sample < 6; sample++) {
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
	void numbersOfEveryRegion_writtenEveryWay_areFound() {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		List<String> missed = new java.util.ArrayList<>();
		for (String region : new TreeSet<>(phones.getSupportedRegions())) {
			var example = phones.getExampleNumber(region);
			if (example == null) {
				continue;
			}
			for (PhoneNumberFormat format : List.of(PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL,
					PhoneNumberFormat.NATIONAL)) {
				String number = phones.format(example, format);
				String text = "call " + number + " or 00" + example.getCountryCode() + " " + example.getNationalNumber()
						+ " or 011 " + example.getCountryCode() + " " + example.getNationalNumber() + " today";
				for (String defaultRegion : List.of(region, "US", "DE")) {
					List<Finding> found = PhoneNumbers.find(text, defaultRegion);
					assertThat(found).as(defaultRegion + " " + text).isEqualTo(RegexScanner.phones(text, defaultRegion));
					// numbers of fewer than six digits are not looked for
					boolean wanted = number.replaceAll("[^0-9]", "").length() >= PhoneNumbers.FEWEST_DIGITS
							&& (format != PhoneNumberFormat.NATIONAL || defaultRegion.equals(region));
					if (wanted && found.stream().noneMatch(finding -> finding.start() == 5)) {
						missed.add(defaultRegion + " " + text + " " + found);
					}
				}
			}
		}
		assertThat(missed).isEmpty();
	}

	/** PhoneValidity keeps libphonenumber's patterns compiled; it answers as isValidNumber does. */
	@Test
	void validity_isLibphonenumbersIsValidNumber_forEveryRegionsNumbersAndTheirNeighbours() {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		Random random = new Random(11);
		int valid = 0;
		for (String region : new TreeSet<>(phones.getSupportedRegions())) {
			for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
				var example = phones.getExampleNumberForType(region, type);
				if (example == null) {
					continue;
				}
				for (int k = 0; k < 20; k++) {
					String national = phones.getNationalSignificantNumber(example);
					char[] digits = national.toCharArray();
					digits[random.nextInt(digits.length)] = (char) ('0' + random.nextInt(10));
					String varied = new String(digits) + (k % 5 == 0 ? "1" : "");
					for (int code : List.of(example.getCountryCode(), 1, 44)) {
						try {
							var number = phones.parse("+" + code + varied, "ZZ");
							boolean expected = phones.isValidNumber(number);
							valid += expected ? 1 : 0;
							assertThat(PhoneValidity.isValid(number)).as(region + " +" + code + varied).isEqualTo(expected);
						}
						catch (com.google.i18n.phonenumbers.NumberParseException ex) {
							// not a number to compare
						}
					}
				}
			}
		}
		assertThat(valid).isGreaterThan(1000);
	}

	@Test
	void longRunsOfDigitsAndSeparators_holdNoNumber_andAreReadOnce() {
		Random random = new Random(7);
		for (String separator : List.of("", " ", "-", ".", " - ")) {
			StringBuilder run = new StringBuilder();
			for (int i = 0; i < 200_000; i++) {
				run.append(separator.isEmpty() || i == 0 ? "" : separator).append((char) ('1' + random.nextInt(9)));
			}
			String text = run.toString();
			long started = System.nanoTime();
			List<Finding> found = PhoneNumbers.find(text, "US");
			long millis = (System.nanoTime() - started) / 1_000_000;
			assertThat(found).as(separator).isEqualTo(RegexScanner.phones(text.substring(0, 4096), "US")
				.stream()
				.filter(finding -> finding.end() < 4000)
				.toList());
			assertThat(millis).as("[" + separator + "] " + millis + " ms").isLessThan(2000);
		}
	}

}
