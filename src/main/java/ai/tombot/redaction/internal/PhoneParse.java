package ai.tombot.redaction.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * What libphonenumber's {@code parse} makes of a phone candidate's digits (no letters, no
 * extension, no international prefix), by its own steps over the same metadata with the
 * patterns compiled once ({@link PhoneValidity.Reused}): from the default region, a calling
 * code written without a {@code +} ({@code maybeExtractCountryCode}), then a national prefix or
 * carrier code ({@code maybeStripNationalPrefixAndCarrierCode}), each kept only where the
 * lengths and the general pattern say so ({@code testNumberLength}, {@code matchNationalNumber}).
 *
 * <p>Why: {@code parse} costs several microseconds a call, most of it making a new matcher for
 * each of its patterns. Every candidate that starts with the default region's calling code or
 * national prefix went to it (in region US: every run of digits starting with {@code 1},
 * dates, IPv4 addresses and order numbers among them), a third of the chat corpus's scan.
 * Where a region's national prefix has a transform rule and it applies, the answer is
 * {@link #UNDECIDED} and the caller calls {@code parse} itself.
 */
final class PhoneParse {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/** libphonenumber's MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN. */
	private static final int SHORTEST_NSN = 2;

	private static final int LONGEST_NSN = 17;

	/** Returned where these steps do not decide: {@code parse} must. Compared by identity. */
	static final PhoneNumber UNDECIDED = new PhoneNumber();

	/** {@code testNumberLength}'s results that matter here. */
	private enum Length {
		POSSIBLE, LOCAL_ONLY, TOO_SHORT, INVALID, TOO_LONG
	}

	/**
	 * What {@code parse} reads of a region's metadata: its calling code, its national prefix for
	 * parsing (null: none) and whether a transform rule comes with it, its general pattern (null:
	 * matches nothing), and the general description's possible lengths, in order.
	 */
	private record Region(int code, PhoneValidity.Reused nationalPrefix, boolean transforms,
			PhoneValidity.Reused general, List<Integer> lengths, List<Integer> localOnly) {

		static Region of(PhoneMetadata metadata) {
			if (metadata == null) {
				return null;
			}
			String prefix = metadata.getNationalPrefixForParsing();
			String general = metadata.getGeneralDesc().getNationalNumberPattern();
			String transform = metadata.getNationalPrefixTransformRule();
			return new Region(metadata.getCountryCode(),
					prefix.isEmpty() ? null : new PhoneValidity.Reused(Pattern.compile(prefix)),
					transform != null && !transform.isEmpty(),
					general.isEmpty() ? null : new PhoneValidity.Reused(Pattern.compile(general)),
					List.copyOf(metadata.getGeneralDesc().getPossibleLengthList()),
					List.copyOf(metadata.getGeneralDesc().getPossibleLengthLocalOnlyList()));
		}

		/** {@code matchNationalNumber(number, generalDesc, false)}: the whole number, no length test. */
		boolean generalMatches(String number) {
			return this.general != null && this.general.matches(number);
		}

		/** {@code testNumberLength(number, metadata)}, for an unknown type. */
		Length length(String number) {
			int actual = number.length();
			if (this.lengths.get(0) == -1) {
				return Length.INVALID;
			}
			if (this.localOnly.contains(actual)) {
				return Length.LOCAL_ONLY;
			}
			int shortest = this.lengths.get(0);
			if (shortest == actual) {
				return Length.POSSIBLE;
			}
			if (shortest > actual) {
				return Length.TOO_SHORT;
			}
			if (this.lengths.get(this.lengths.size() - 1) < actual) {
				return Length.TOO_LONG;
			}
			return this.lengths.contains(actual) ? Length.POSSIBLE : Length.INVALID;
		}

	}

	/** By region code (default regions) and by calling code (the main region of a code), filled as met. */
	private static final Map<String, Region> BY_REGION = new ConcurrentHashMap<>();

	private static final Map<Integer, Region> BY_CODE = new ConcurrentHashMap<>();

	/** Stands for a missing region in the maps, which hold no nulls. */
	private static final Region NONE = new Region(0, null, false, null, List.of(), List.of());

	private PhoneParse() {
	}

	/**
	 * The number {@code parse(digits, country)} gives, null where it throws, or
	 * {@link #UNDECIDED}. The digits are ASCII, written without a {@code +}, and do not start with
	 * the region's international prefix (the caller checks); {@code country} is a known region.
	 */
	static PhoneNumber national(String digits, String country) {
		Region region = BY_REGION.computeIfAbsent(country, c -> orNone(Region.of(METADATA.getMetadataForRegion(c))));
		if (region == NONE || region.lengths().isEmpty()) {
			return UNDECIDED;
		}
		String code = Integer.toString(region.code());
		if (digits.startsWith(code)) {
			// maybeExtractCountryCode: the region's own calling code, written without a +, is
			// taken off when the rest fits the region better, or the whole is too long for it
			String potential = stripNationalPrefix(digits.substring(code.length()), region);
			if (potential == null) {
				return UNDECIDED;
			}
			if (!region.generalMatches(digits) && region.generalMatches(potential)
					|| region.length(digits) == Length.TOO_LONG) {
				return withCode(region.code(), potential);
			}
		}
		return finish(region.code(), digits, region);
	}

	/**
	 * The number {@code parse} gives once a calling code is read (after a {@code +}, or the
	 * default region's own): the national number read in the code's main region.
	 */
	static PhoneNumber withCode(int code, String national) {
		Region region = BY_CODE.computeIfAbsent(code, PhoneParse::mainRegion);
		if (region.lengths().isEmpty() && region != NONE) {
			return UNDECIDED; // testNumberLength would fail on it; no region has none
		}
		return finish(code, national, region == NONE ? null : region);
	}

	private static Region mainRegion(int code) {
		String regionCode = PHONES.getRegionCodeForCountryCode(code);
		PhoneMetadata metadata = "001".equals(regionCode) ? METADATA.getMetadataForNonGeographicalRegion(code)
				: METADATA.getMetadataForRegion(regionCode);
		return orNone(Region.of(metadata));
	}

	private static Region orNone(Region region) {
		return region == null ? NONE : region;
	}

	/** parseHelper's last steps: the national prefix taken off where the rest has a possible length. */
	private static PhoneNumber finish(int code, String national, Region region) {
		if (national.length() < SHORTEST_NSN) {
			return null; // TOO_SHORT_NSN
		}
		if (region != null) {
			String potential = stripNationalPrefix(national, region);
			if (potential == null) {
				return UNDECIDED;
			}
			Length length = region.length(potential);
			if (length == Length.POSSIBLE || length == Length.TOO_LONG) {
				national = potential;
			}
		}
		if (national.length() < SHORTEST_NSN || national.length() > LONGEST_NSN) {
			return null; // TOO_SHORT_NSN, TOO_LONG
		}
		PhoneNumber number = new PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(national));
		if (national.length() > 1 && national.charAt(0) == '0') {
			number.setItalianLeadingZero(true);
			int zeros = 1;
			while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
				zeros++;
			}
			if (zeros != 1) {
				number.setNumberOfLeadingZeros(zeros);
			}
		}
		return number;
	}

	/**
	 * {@code maybeStripNationalPrefixAndCarrierCode}: the number without what the national prefix
	 * pattern matches at its start, unless the number fits the general pattern and the rest
	 * does not; the number itself where nothing matches; null where a transform rule applies.
	 */
	private static String stripNationalPrefix(String number, Region region) {
		if (number.isEmpty() || region.nationalPrefix() == null) {
			return number;
		}
		int end = region.nationalPrefix().lookingAtEnd(number);
		if (end < 0) {
			return number;
		}
		if (region.transforms()) {
			return null; // parse rewrites the number by the rule when its last group matched: left to parse
		}
		String rest = number.substring(end);
		if (region.generalMatches(number) && !region.generalMatches(rest)) {
			return number;
		}
		return rest;
	}

}
