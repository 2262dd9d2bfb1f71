package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner's phone path decides what libphonenumber decides. The scanner does not call
 * {@code parse} and {@code isValidNumber} for most candidates: {@link PhoneParse} does
 * {@code parse}'s steps on the digits and {@link PhoneValidity} does {@code isValidNumber}'s with
 * shortcuts of its own (a calling code's region search stops early). Both are meant to be exact;
 * these properties compare them with libphonenumber itself on random digit strings and on
 * mutated example numbers of every region and calling code, with and without a {@code +}, a
 * national prefix or the region's own calling code in front:
 * <ul>
 * <li>{@link PhoneNumbers#isValid(CharSequence, String, boolean)}, the whole path as the
 * scanner takes it (including its fall-backs to {@code parse}), against {@code parse} and
 * {@code isValidNumber};
 * <li>the number {@link PhoneParse} gives (where it decides) against the number {@code parse}
 * gives, field by field, and {@link PhoneValidity#isValid} against {@code isValidNumber} on
 * that number.
 * </ul>
 * A few thousand tries each, a few seconds; jqwik's seed changes between runs, so over time
 * far more candidates are checked.
 */
class PhoneParsePropertyTests {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/** Every region, and one libphonenumber does not know (only numbers with a + are read there). */
	private static final List<String> REGIONS = regions();

	/** Each calling code (non-geographic ones too) and the national significant numbers of its examples. */
	private static final Map<Integer, List<String>> EXAMPLES = examples();

	private static final List<Integer> CODES = List.copyOf(EXAMPLES.keySet());

	/** A candidate as the scanner hands it on: the digits, with a + in front or in a region. */
	record Candidate(String region, String digits, boolean plus) {

		String text() {
			return this.plus ? "+" + this.digits : this.digits;
		}

	}

	@Property(tries = 2500)
	void theScannersPhonePath_decidesAsParseAndIsValidNumber(@ForAll("candidates") Candidate candidate) {
		boolean expected = isValidByLibphonenumber(candidate.text(), candidate.region());
		assertThat(PhoneNumbers.isValid(candidate.text(), candidate.region(), candidate.plus()))
			.as("%s in %s", candidate.text(), candidate.region())
			.isEqualTo(expected);
	}

	/** Found by the property above: parse reads "+00…" again without the + (here 00 is GP's international prefix). */
	@Example
	void aPlusWithNoCallingCodeAfterIt_isReadAgainWithoutIt() {
		assertThat(isValidByLibphonenumber("+004941922612127", "GP")).isTrue();
		assertThat(PhoneNumbers.isValid("+004941922612127", "GP", true)).isTrue();
		assertThat(PhoneNumbers.isValid("+0041", "GP", true)).isEqualTo(isValidByLibphonenumber("+0041", "GP"));
	}

	@Property(tries = 2500)
	void phoneParse_givesParsesNumber_andPhoneValidity_itsValidity(@ForAll("candidates") Candidate candidate) {
		PhoneNumber expected;
		try {
			expected = PHONES.parse(candidate.text(), candidate.region());
		}
		catch (NumberParseException ex) {
			expected = null;
		}
		if (expected != null) {
			assertThat(PhoneValidity.isValid(expected)).as("validity of %s", expected)
				.isEqualTo(PHONES.isValidNumber(expected));
		}
		PhoneNumber actual = phoneParse(candidate);
		if (actual != PhoneParse.UNDECIDED) {
			assertThat(actual).as("%s in %s", candidate.text(), candidate.region()).isEqualTo(expected);
		}
	}

	/**
	 * What {@link PhoneParse} makes of the candidate, called as {@link PhoneNumbers} calls it:
	 * after a +, with the calling code read off first (none: {@code parse} throws, nothing to
	 * compare); without, only in a known region and where the digits do not start with its
	 * international prefix (those go to {@code parse}).
	 */
	private static PhoneNumber phoneParse(Candidate candidate) {
		String digits = candidate.digits();
		if (candidate.plus()) {
			for (int length = 1; length <= 3 && length <= digits.length(); length++) {
				int code = Integer.parseInt(digits.substring(0, length));
				if (digits.charAt(0) != '0' && PHONES.getSupportedCallingCodes().contains(code)) {
					return PhoneParse.withCode(code, digits.substring(length));
				}
			}
			return PhoneParse.UNDECIDED;
		}
		PhoneMetadata metadata = METADATA.getMetadataForRegion(candidate.region());
		if (metadata == null) {
			return PhoneParse.UNDECIDED;
		}
		String idd = metadata.getInternationalPrefix();
		if (!idd.chars().allMatch(c -> c >= '0' && c <= '9') || !idd.isEmpty() && digits.startsWith(idd)) {
			return PhoneParse.UNDECIDED;
		}
		return PhoneParse.national(digits, candidate.region());
	}

	private static boolean isValidByLibphonenumber(String text, String region) {
		try {
			return PHONES.isValidNumber(PHONES.parse(text, region));
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	@Provide
	Arbitrary<Candidate> candidates() {
		return Combinators.combine(Arbitraries.of(REGIONS), Arbitraries.integers().between(0, 6), Arbitraries.randoms())
			.as(PhoneParsePropertyTests::candidate);
	}

	/**
	 * One of: random digits; the region's calling code or national prefix and random digits; a
	 * mutated example number of the region, bare or after its national prefix or calling code;
	 * a mutated example number of any calling code after a +; random digits after a +.
	 */
	private static Candidate candidate(String region, int kind, Random random) {
		PhoneMetadata metadata = METADATA.getMetadataForRegion(region);
		int code = metadata == null ? 1 : metadata.getCountryCode();
		String prefix = metadata == null || metadata.getNationalPrefix().isEmpty() ? "0" : metadata.getNationalPrefix();
		List<String> own = EXAMPLES.getOrDefault(code, List.of());
		String example = own.isEmpty() ? randomDigits(random, 8) : own.get(random.nextInt(own.size()));
		return switch (kind) {
			case 0 -> new Candidate(region, randomDigits(random, 3 + random.nextInt(16)), false);
			case 1 -> new Candidate(region, code + randomDigits(random, 2 + random.nextInt(13)), false);
			case 2 -> new Candidate(region, prefix + randomDigits(random, 2 + random.nextInt(13)), false);
			case 3 -> new Candidate(region, mutated(example, random), false);
			case 4 -> new Candidate(region, (random.nextBoolean() ? prefix : Integer.toString(code)) + mutated(example, random),
					false);
			case 5 -> {
				int other = CODES.get(random.nextInt(CODES.size()));
				List<String> examples = EXAMPLES.get(other);
				String number = examples.isEmpty() ? randomDigits(random, 8) : examples.get(random.nextInt(examples.size()));
				yield new Candidate(region, other + mutated(number, random), true);
			}
			default -> new Candidate(region, randomDigits(random, 3 + random.nextInt(16)), true);
		};
	}

	/** The number unchanged (a third of the time) or with one to three digits replaced, taken out or put in. */
	private static String mutated(String number, Random random) {
		StringBuilder digits = new StringBuilder(number);
		int edits = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(3);
		for (int k = 0; k < edits; k++) {
			int at = random.nextInt(digits.length() + 1);
			char digit = (char) ('0' + random.nextInt(10));
			switch (random.nextInt(3)) {
				case 0 -> {
					if (at < digits.length()) {
						digits.setCharAt(at, digit);
					}
				}
				case 1 -> {
					if (at < digits.length() && digits.length() > 2) {
						digits.deleteCharAt(at);
					}
				}
				default -> digits.insert(at, digit);
			}
		}
		return digits.toString();
	}

	private static String randomDigits(Random random, int count) {
		StringBuilder digits = new StringBuilder(count);
		for (int i = 0; i < count; i++) {
			digits.append((char) ('0' + random.nextInt(10)));
		}
		return digits.toString();
	}

	private static List<String> regions() {
		List<String> regions = new ArrayList<>(new java.util.TreeSet<>(PHONES.getSupportedRegions()));
		regions.add("ZZ");
		return List.copyOf(regions);
	}

	private static Map<Integer, List<String>> examples() {
		Map<Integer, List<String>> examples = new TreeMap<>();
		for (String region : new java.util.TreeSet<>(PHONES.getSupportedRegions())) {
			List<String> numbers = examples.computeIfAbsent(PHONES.getCountryCodeForRegion(region), c -> new ArrayList<>());
			for (PhoneNumberType type : PhoneNumberType.values()) {
				PhoneNumber example = PHONES.getExampleNumberForType(region, type);
				if (example != null) {
					numbers.add(PHONES.getNationalSignificantNumber(example));
				}
			}
		}
		for (int code : new java.util.TreeSet<>(PHONES.getSupportedGlobalNetworkCallingCodes())) {
			PhoneNumber example = PHONES.getExampleNumberForNonGeoEntity(code);
			examples.computeIfAbsent(code, c -> new ArrayList<>());
			if (example != null) {
				examples.get(code).add(PHONES.getNationalSignificantNumber(example));
			}
		}
		examples.replaceAll((code, numbers) -> List.copyOf(numbers));
		return examples;
	}

}
