package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * libphonenumber's {@code isValidNumber}, the same steps over the same metadata, with its
 * patterns compiled once and kept. libphonenumber keeps only its 100 most recently used
 * patterns; a number of country code 1 is checked against the patterns of 25 regions, about
 * ten each, so they are compiled again on nearly every call (tens of microseconds a number).
 */
final class PhoneValidity {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/**
	 * A compiled pattern with a matcher kept per thread: {@code Pattern.matcher} allocates a
	 * matcher (and its group arrays) on every call, which was most of a validity check's cost.
	 * The matchers of all patterns are in one array per thread, by the pattern's number: a
	 * {@code ThreadLocal} per pattern made hundreds of entries in each thread's map, and looking
	 * them up (with collisions) was a tenth of a chat message's scan.
	 */
	static final class Reused {

		private static final AtomicInteger NUMBERS = new AtomicInteger();

		private static final ThreadLocal<Matcher[]> MATCHERS = ThreadLocal.withInitial(() -> new Matcher[64]);

		private final Pattern pattern;

		private final int number;

		Reused(Pattern pattern) {
			this.pattern = pattern;
			this.number = NUMBERS.getAndIncrement();
		}

		boolean matches(CharSequence input) {
			return matcher().reset(input).matches();
		}

		boolean lookingAt(CharSequence input) {
			return matcher().reset(input).lookingAt();
		}

		/** Where a match at the start of {@code input} ends, or -1 when none starts there. */
		int lookingAtEnd(CharSequence input) {
			Matcher matcher = matcher().reset(input);
			return matcher.lookingAt() ? matcher.end() : -1;
		}

		private Matcher matcher() {
			Matcher[] matchers = MATCHERS.get();
			if (this.number >= matchers.length) {
				matchers = Arrays.copyOf(matchers, Math.max(this.number + 1, matchers.length * 2));
				MATCHERS.set(matchers);
			}
			Matcher matcher = matchers[this.number];
			if (matcher == null) {
				matcher = this.pattern.matcher("");
				matchers[this.number] = matcher;
			}
			return matcher;
		}

		Pattern pattern() {
			return this.pattern;
		}

	}

	/** A number description: its possible lengths (none: any) and its pattern (null: matches nothing). */
	private record Desc(long lengths, Reused pattern) {

		static Desc of(PhoneNumberDesc desc) {
			String pattern = desc.getNationalNumberPattern();
			long lengths = 0;
			for (int length : desc.getPossibleLengthList()) {
				lengths |= 1L << length; // possible lengths are 2 to 17
			}
			return new Desc(lengths, pattern.isEmpty() ? null : new Reused(Pattern.compile(pattern)));
		}

		/** libphonenumber's isNumberMatchingDesc. */
		boolean matches(String nsn) {
			if (this.lengths != 0 && (nsn.length() >= 64 || (this.lengths & (1L << nsn.length())) == 0)) {
				return false;
			}
			return this.pattern != null && this.pattern.matches(nsn);
		}

	}

	/**
	 * A region's metadata as validity needs it: the general description, then each type's. And
	 * for the search among a calling code's regions: {@code lengthsOnward}, the general lengths
	 * of this region and of those after it in the list (all bits where one allows any length),
	 * and {@code neverLeads}, the three-digit starts at which the leading digits pattern cannot
	 * match whatever follows (null: no such pattern).
	 */
	private record Region(int code, Reused leadingDigits, Desc general, List<Desc> types, long lengthsOnward,
			BitSet neverLeads) {

		Region onward(long lengths) {
			return new Region(this.code, this.leadingDigits, this.general, this.types, lengths, this.neverLeads);
		}

	}

	/** How many digits {@link Region#neverLeads} is indexed by: 1000 entries a region. */
	private static final int LEAD_DIGITS = 3;

	private static final int LEADS = 1000;

	/** Each calling code's regions, main region first, as libphonenumber lists them; filled as codes are met. */
	private static final Map<Integer, List<Region>> BY_CODE = new ConcurrentHashMap<>();

	private PhoneValidity() {
	}

	/** {@code PhoneNumberUtil.isValidNumber}. */
	static boolean isValid(PhoneNumber number) {
		int code = number.getCountryCode();
		String nsn = PHONES.getNationalSignificantNumber(number);
		List<Region> regions = BY_CODE.get(code);
		if (regions == null) {
			regions = BY_CODE.computeIfAbsent(code, PhoneValidity::regions);
		}
		Region region = null;
		if (regions.size() == 1) {
			region = regions.get(0);
		}
		else {
			// Calling code 1 has 25 regions, most told apart by a leading digits pattern: a number
			// valid in none of them used to try every pattern. Two exact shortcuts: stop where no
			// region left has the number's length (whichever were chosen, its general description
			// would refuse it), and skip a pattern that cannot match at the number's first digits.
			int length = nsn.length();
			int lead = lead(nsn);
			for (Region metadata : regions) {
				if (length < Long.SIZE && (metadata.lengthsOnward() & (1L << length)) == 0) {
					return false;
				}
				if (metadata.leadingDigits() != null) {
					if ((lead < 0 || !metadata.neverLeads().get(lead)) && metadata.leadingDigits().lookingAt(nsn)) {
						region = metadata;
						break;
					}
				}
				else if (isKnownType(nsn, metadata)) {
					region = metadata;
					break;
				}
			}
		}
		if (region == null || region.code() != code) {
			return false;
		}
		return isKnownType(nsn, region);
	}

	/** getNumberTypeHelper(...) != UNKNOWN: the general description and one type's match. */
	private static boolean isKnownType(String nsn, Region region) {
		if (!region.general().matches(nsn)) {
			return false;
		}
		for (Desc type : region.types()) {
			if (type.matches(nsn)) {
				return true;
			}
		}
		return false;
	}

	private static List<Region> regions(int code) {
		List<Region> regions = new ArrayList<>();
		for (String regionCode : PHONES.getRegionCodesForCountryCode(code)) {
			regions.add(region(regionCode, code));
		}
		// a region without metadata is skipped when several share the code, and is no region when alone
		if (regions.size() == 1) {
			return java.util.Collections.singletonList(regions.get(0));
		}
		List<Region> found = regions.stream().filter(java.util.Objects::nonNull).toList();
		Region[] onward = new Region[found.size()];
		long lengths = 0;
		for (int k = found.size() - 1; k >= 0; k--) {
			long own = found.get(k).general().lengths();
			lengths |= own == 0 ? -1L : own; // no possible lengths: the description allows any
			onward[k] = found.get(k).onward(lengths);
		}
		return List.of(onward);
	}

	/** The number's first three digits as 0 to 999, or -1 when it is shorter. */
	private static int lead(String nsn) {
		if (nsn.length() < LEAD_DIGITS) {
			return -1;
		}
		return (nsn.charAt(0) - '0') * 100 + (nsn.charAt(1) - '0') * 10 + (nsn.charAt(2) - '0');
	}

	/**
	 * The three-digit starts at which {@code leading} cannot match however the number goes on:
	 * {@code lookingAt} fails without reading to the end of the three digits ({@link
	 * Matcher#hitEnd()} false), so more digits could not change the answer.
	 */
	private static BitSet neverLeads(Reused leading) {
		BitSet never = new BitSet(LEADS);
		for (int start = 0; start < LEADS; start++) {
			Matcher matcher = leading.pattern().matcher(String.format("%03d", start));
			if (!matcher.lookingAt() && !matcher.hitEnd()) {
				never.set(start);
			}
		}
		return never;
	}

	private static Region region(String regionCode, int code) {
		{
			PhoneMetadata metadata = "001".equals(regionCode) ? METADATA.getMetadataForNonGeographicalRegion(code)
					: METADATA.getMetadataForRegion(regionCode);
			if (metadata == null) {
				return null;
			}
			List<Desc> types = new ArrayList<>();
			for (PhoneNumberDesc desc : List.of(metadata.getPremiumRate(), metadata.getTollFree(),
					metadata.getSharedCost(), metadata.getVoip(), metadata.getPersonalNumber(), metadata.getPager(),
					metadata.getUan(), metadata.getVoicemail(), metadata.getFixedLine(), metadata.getMobile())) {
				types.add(Desc.of(desc));
			}
			Reused leading = metadata.hasLeadingDigits() ? new Reused(Pattern.compile(metadata.getLeadingDigits())) : null;
			return new Region(metadata.getCountryCode(), leading, Desc.of(metadata.getGeneralDesc()), types, -1L,
					leading == null ? null : neverLeads(leading));
		}
	}

}
