package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * Phone numbers: candidates found in one pass over the text, each checked with libphonenumber's
 * {@code parse} and {@code isValidNumber} (a valid number of its region), with a default
 * region for numbers written without their country code.
 *
 * <p>A <em>run</em> is a group of digits, with a {@code +} or {@code (} before it or not, then
 * more groups of digits, each after one to three separators (spaces, dashes, dots, slashes,
 * brackets, in the forms people write them); it is as long as it goes, and it starts where no
 * digit is just before it. A {@code +} is not a separator: it starts a run of its own. A
 * <em>number</em> is a run's first groups (at most {@value #MAX_GROUPS} groups,
 * {@value #FEWEST_DIGITS} to {@value #MAX_DIGITS} digits) that libphonenumber parses as a
 * valid number; the most groups that do are taken, and the next number is looked for from the
 * next group on. Where a run's first groups hold no number, the rest of the run holds none
 * either: people do not write phone numbers in the middle of long runs of digit groups. Also:
 * <ul>
 * <li>a run glued to a Latin letter before it, and a number glued to one after it, are not
 * phone numbers (libphonenumber's own matcher's rule at this leniency);</li>
 * <li>groups that start with a date, {@code 2026-11-05}, are not a number (libphonenumber's
 * matcher leaves out such time stamps too).</li>
 * </ul>
 * Each run is read once and each number costs at most {@value #MAX_GROUPS} parses, so the
 * time is linear in the text's length. Before a parse, candidates with a count of digits no
 * valid number of the region has (from libphonenumber's metadata) are left out: they are
 * exactly the ones {@code isValidNumber} would refuse, so what is found does not change.
 *
 * <p>Over 400 lines because the run scan, the length bounds from libphonenumber's metadata and
 * the parse shortcuts work on the same groups ({@link DigitRuns}, by index) in one pass; split
 * apart, each would need the groups and their bounds handed over, call by call, on the hot path.
 */
public final class PhoneNumbers {

	/** The most digit groups of a number, its country code's group among them. */
	static final int MAX_GROUPS = 8;

	/** The fewest digits of a candidate. */
	static final int FEWEST_DIGITS = 6;

	/** The most digits of a candidate: an international prefix, a country code, the longest national number. */
	static final int MAX_DIGITS = 22;

	/** The most separator characters between two groups of a run. */
	static final int MAX_SEPARATORS = 3;

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/** The fewest digits of a country code and valid number together, over every region. */
	private static final int SHORTEST_INTERNATIONAL = shortestInternational();

	private static final Map<String, Bounds> BOUNDS = new ConcurrentHashMap<>();

	private static final Set<Integer> CALLING_CODES = PHONES.getSupportedCallingCodes();

	/**
	 * The counts of digits a valid number written in the region's national form can have
	 * ({@code national}), and what an international prefix may look like ({@code iddDigits}
	 * when it is plain digits, null when it is a pattern: then any count may be one).
	 */
	private record Bounds(int code, BitSet national, String iddDigits) {
	}

	private PhoneNumbers() {
	}

	/**
	 * @param region the ISO 3166-1 alpha-2 code of the country numbers without a country code
	 * belong to (e.g. {@code US}); unknown codes find only numbers written with one
	 */
	public static List<Finding> find(CharSequence text, String region) {
		return find(text, region, List.of());
	}

	/**
	 * {@link #find(CharSequence, String)}, except numbers inside {@code stronger} findings
	 * (sorted by start, none overlapping), which may be left out: the caller merges them into
	 * those findings.
	 */
	public static List<Finding> find(CharSequence text, String region, List<Finding> stronger) {
		return find(DigitRuns.of(text), region, stronger);
	}

	/** {@link #find(CharSequence, String, List)} over the text's runs of digits (of any script). */
	public static List<Finding> find(DigitRuns runs, String region, List<Finding> stronger) {
		List<Finding> found = new ArrayList<>();
		CharSequence text = runs.text();
		char[] chars = runs.chars(); // the text's, from runs.charsFrom() on
		int from = runs.charsFrom();
		String country = region == null ? "ZZ" : region.toUpperCase(Locale.ROOT);
		Bounds bounds = null;
		int covering = 0;
		int groups = runs.count();
		int first = 0;
		while (first < groups) {
			// the run's groups of digits: first to last, each after one to three separators
			int last = first;
			int digits = runs.end(first) - runs.start(first);
			while (last + 1 < groups && joined(chars, runs.end(last) - from, runs.start(last + 1) - from)) {
				last++;
				digits += runs.end(last) - runs.start(last);
			}
			if (digits < FEWEST_DIGITS) {
				first = last + 1; // no number in it: most runs of digits in text
				continue;
			}
			// a run starts at a group of digits, or at a plus or a bracket just before it
			int i = runs.start(first);
			boolean lead = i > 0 && isLead(text.charAt(i - 1)) && !(i > 1 && isDigit(text.charAt(i - 2)));
			if (lead) {
				i--;
			}
			char c = text.charAt(i);
			int count = last + 1;
			int runEnd = runs.end(last);
			int next = count;
			if (i > 0 && isLatinLetter(text.charAt(i - 1))) {
				first = next;
				continue;
			}
			if (bounds == null) {
				bounds = BOUNDS.computeIfAbsent(country, PhoneNumbers::bounds);
			}
			int spanStart = i;
			boolean plus = lead && !isOpening(c);
			int a = first;
			while (a < count) {
				while (covering < stronger.size() && stronger.get(covering).end() <= spanStart) {
					covering++;
				}
				if (covering < stronger.size() && stronger.get(covering).start() <= spanStart
						&& stronger.get(covering).end() >= runEnd) {
					break; // what is left of the run lies inside a stronger finding
				}
				if (isDate(text, runs, a, count)) {
					break;
				}
				int end = number(text, spanStart, runs, a, Math.min(count, a + MAX_GROUPS), count, plus, country,
						bounds);
				if (end < 0) {
					break;
				}
				found.add(new Finding(FindingType.PHONE, spanStart, runs.end(end)));
				a = end + 1;
				if (a < count) {
					// the next number starts at the next group, or the bracket before it
					spanStart = isOpening(text.charAt(runs.start(a) - 1)) ? runs.start(a) - 1 : runs.start(a);
					plus = false;
				}
			}
			first = next;
		}
		return found;
	}

	/**
	 * Whether one to three separators ({@value #MAX_SEPARATORS}), and nothing else, stand between
	 * two groups of digits ({@code end} and {@code nextStart} index {@code chars}, the text's
	 * characters from its first digit on). Two branches, on the first character and on a gap of
	 * one, go the same way at nearly every run of most texts. Past them the second and third
	 * characters are both read, whatever the gap (with a gap of two the third is the next
	 * group's first digit, inside the text, and the test leaves it out), and the tests AND-ed
	 * without a branch: on text of digits and other characters at random, a loop over the gap
	 * mispredicted its length and its exit at most runs.
	 */
	private static boolean joined(char[] chars, int end, int nextStart) {
		if (!isSeparator(chars[end])) {
			return false;
		}
		int gap = nextStart - end;
		if (gap == 1) {
			return true;
		}
		return gap <= MAX_SEPARATORS & isSeparator(chars[end + 1]) & (gap < 3 | isSeparator(chars[end + 2]));
	}

	/**
	 * The index of the last group of the longest valid number made of groups {@code a} to
	 * {@code limit - 1} (the most groups first), or -1.
	 */
	private static int number(CharSequence text, int spanStart, DigitRuns runs, int a, int limit, int count,
			boolean plus, String country, Bounds bounds) {
		int total = 0;
		for (int g = a; g < limit; g++) {
			total += runs.end(g) - runs.start(g);
		}
		for (int last = limit - 1; last >= a; last--) {
			int digits = total;
			total -= runs.end(last) - runs.start(last);
			if (digits < FEWEST_DIGITS || digits > MAX_DIGITS) {
				continue;
			}
			int end = runs.end(last);
			if (last == count - 1 && end < text.length() && isLatinLetter(text.charAt(end))) {
				continue; // glued to a word after it
			}
			if (!mayBeValid(text, runs, a, last, digits, plus, bounds)) {
				continue;
			}
			if (isValid(text, spanStart, end, country, plus, bounds)) {
				return last;
			}
		}
		return -1;
	}

	/**
	 * Whether libphonenumber's {@code parse} of the characters from {@code start} to {@code end}
	 * gives a valid number. {@code parse} costs several microseconds, most of it in steps that
	 * change nothing for a run of digit groups: after a {@code +} the calling code is read here,
	 * and {@link PhoneParse} does the rest of {@code parse}'s steps on the digits (a calling code
	 * without a {@code +}, a national prefix). {@code parse} itself is called only where the
	 * digits start with an international prefix or a national prefix's transform rule applies.
	 */
	static boolean isValid(CharSequence text, int start, int end, String country, boolean plus, Bounds bounds) {
		StringBuilder digits = new StringBuilder(end - start);
		for (int i = start; i < end; i++) {
			int digit = CardNumbers.digit(text.charAt(i));
			if (digit >= 0) {
				digits.append((char) ('0' + digit));
			}
		}
		if (digits.length() == 0) {
			return false;
		}
		PhoneNumber number;
		if (plus) {
			int code = 0;
			for (int length = 1; length <= 3 && code == 0; length++) {
				int potential = Integer.parseInt(digits.substring(0, length));
				if (digits.charAt(0) != '0' && CALLING_CODES.contains(potential)) {
					code = potential;
				}
			}
			if (code == 0) {
				// no calling code after the +: parse then reads the digits again without it, in the
				// region ("+0049…" in a region whose international prefix is 00 is a German number)
				return parsedIsValid(text, start, end, country);
			}
			number = PhoneParse.withCode(code, digits.substring(Integer.toString(code).length()));
		}
		else {
			if (bounds.code() == 0) {
				return false; // parse throws INVALID_COUNTRY_CODE: no region to read a national number in
			}
			if (bounds.iddDigits() == null || !bounds.iddDigits().isEmpty() && startsWith(digits, bounds.iddDigits())) {
				return parsedIsValid(text, start, end, country);
			}
			number = PhoneParse.national(digits.toString(), country);
		}
		if (number == PhoneParse.UNDECIDED) {
			return parsedIsValid(text, start, end, country);
		}
		return number != null && PhoneValidity.isValid(number);
	}

	/**
	 * {@link #isValid(CharSequence, int, int, String, boolean, Bounds)} on a whole candidate, as
	 * {@link #find} calls it (for the property test that compares it with {@code parse} and
	 * {@code isValidNumber}); {@code plus}: the candidate starts with a {@code +}.
	 */
	static boolean isValid(CharSequence candidate, String country, boolean plus) {
		return isValid(candidate, 0, candidate.length(), country, plus, BOUNDS.computeIfAbsent(country, PhoneNumbers::bounds));
	}

	private static boolean startsWith(CharSequence digits, String prefix) {
		if (digits.length() < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (digits.charAt(i) != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** libphonenumber's parse and validity check on the characters from start to end. */
	static boolean parsedIsValid(CharSequence text, int start, int end, String country) {
		StringBuilder candidate = new StringBuilder(end - start);
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			candidate.append(c == '\u2009' || c == '\u202F' ? ' ' : c);
		}
		try {
			return PhoneValidity.isValid(PHONES.parse(candidate, country));
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	/** Whether a valid number can have this many digits, in the region or after a prefix. */
	private static boolean mayBeValid(CharSequence text, DigitRuns runs, int a, int last, int digits, boolean plus,
			Bounds bounds) {
		if (plus) {
			return digits >= SHORTEST_INTERNATIONAL;
		}
		if (bounds.national().get(digits)) {
			return true;
		}
		if (bounds.iddDigits() == null) {
			return digits >= SHORTEST_INTERNATIONAL;
		}
		String idd = bounds.iddDigits();
		if (idd.isEmpty() || digits < idd.length() + SHORTEST_INTERNATIONAL) {
			return false;
		}
		int k = 0;
		for (int g = a; g <= last && k < idd.length(); g++) {
			for (int i = runs.start(g); i < runs.end(g) && k < idd.length(); i++, k++) {
				if (CardNumbers.digit(text.charAt(i)) != idd.charAt(k) - '0') {
					return false;
				}
			}
		}
		return true;
	}

	/** Whether the first three groups are a date: a year, a month and a day, single separators between. */
	private static boolean isDate(CharSequence text, DigitRuns runs, int a, int count) {
		if (count - a < 3 || runs.end(a) - runs.start(a) != 4 || runs.end(a + 1) - runs.start(a + 1) != 2
				|| runs.end(a + 2) - runs.start(a + 2) != 2 || runs.start(a + 1) - runs.end(a) != 1
				|| runs.start(a + 2) - runs.end(a + 1) != 1) {
			return false;
		}
		char year = text.charAt(runs.start(a));
		char x = text.charAt(runs.end(a));
		char y = text.charAt(runs.end(a + 1));
		return (year == '1' || year == '2') && (x == '-' || x == '/' || x == '.') && (y == '-' || y == '/' || y == '.');
	}

	private static Bounds bounds(String country) {
		int code = PHONES.getCountryCodeForRegion(country);
		BitSet national = new BitSet();
		if (code == 0) {
			// an unknown region: libphonenumber parses only numbers written with their country code
			return new Bounds(0, national, "");
		}
		int codeLength = Integer.toString(code).length();
		for (String sharing : PHONES.getRegionCodesForCountryCode(code)) {
			PhoneMetadata metadata = METADATA.getMetadataForRegion(sharing);
			List<Integer> lengths = metadata.getGeneralDesc().getPossibleLengthList();
			int prefix = metadata.getNationalPrefix().length();
			boolean pattern = !metadata.getNationalPrefixForParsing().isEmpty();
			for (int length : lengths) {
				national.set(length);
				national.set(length + prefix);
				national.set(length + codeLength); // the region's own country code, written without a +
				if (pattern) {
					national.set(length, length + 6); // a national prefix or carrier code stripped by pattern
				}
			}
			if (lengths.isEmpty()) {
				national.set(1, MAX_DIGITS + 1);
			}
		}
		String idd = METADATA.getMetadataForRegion(country).getInternationalPrefix();
		boolean plain = idd.chars().allMatch(c -> c >= '0' && c <= '9');
		return new Bounds(code, national, plain ? idd : null);
	}

	private static int shortestInternational() {
		int shortest = Integer.MAX_VALUE;
		for (String region : PHONES.getSupportedRegions()) {
			PhoneMetadata metadata = METADATA.getMetadataForRegion(region);
			shortest = Math.min(shortest, Integer.toString(metadata.getCountryCode()).length() + shortest(metadata));
		}
		for (int code : PHONES.getSupportedGlobalNetworkCallingCodes()) {
			shortest = Math.min(shortest,
					Integer.toString(code).length() + shortest(METADATA.getMetadataForNonGeographicalRegion(code)));
		}
		return shortest;
	}

	private static int shortest(PhoneMetadata metadata) {
		List<Integer> lengths = metadata == null ? List.of() : metadata.getGeneralDesc().getPossibleLengthList();
		return lengths.stream().mapToInt(Integer::intValue).min().orElse(1);
	}

	static boolean isDigit(char c) {
		return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
	}

	/** What may stand just before a run's first digit: a plus or an opening bracket. */
	static boolean isLead(char c) {
		return c == '+' || c == '\uFF0B' || c == '(' || c == '\uFF08';
	}

	private static boolean isOpening(char c) {
		return c == '(' || c == '\uFF08';
	}

	static boolean isLatinLetter(char c) {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
	}

	/** What people write between a phone number's groups. */
	static boolean isSeparator(char c) {
		return SEPARATORS.contains(c);
	}

	private static final CharSet SEPARATORS = new CharSet(PhoneNumbers::isListedSeparator);

	private static boolean isListedSeparator(int c) {
		return switch (c) {
			case ' ', '-', '.', '/', '(', ')', '\u00A0', '\u2009', '\u202F', '\u3000', '\u2010', '\u2011', '\u2012',
					'\u2013', '\u2014', '\u2015', '\u2212', '\uFF0D', '\uFF0E', '\uFF0F', '\uFF08', '\uFF09' -> true;
			default -> false;
		};
	}

}
