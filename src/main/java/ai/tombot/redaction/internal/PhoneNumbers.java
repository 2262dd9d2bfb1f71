package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * Phone numbers, as libphonenumber finds and validates them (leniency VALID: a number that
 * is a valid number of its region), with a default region for numbers written without their
 * country code. libphonenumber's matcher runs regular expressions, so it is given only short
 * windows: runs of digits and the punctuation phone numbers are written with, at most
 * {@link #WINDOW} characters each, found in one pass (a longer run is read in windows that
 * overlap by half). The time stays linear in the text's length.
 *
 * <p>libphonenumber costs tens of microseconds a window, so windows in which it cannot find a
 * valid number are not handed to it; they are exactly the windows where it would find none,
 * so what is found does not change:
 * <ul>
 * <li>fewer digits than any valid number of the region has (its national numbers', or, after
 * the region's international prefix or a {@code +}, the shortest country code and number of
 * any region, from libphonenumber's own metadata);</li>
 * <li>nothing but {@value #LONG_DIGIT_RUN} digits or more: libphonenumber reads them as one
 * candidate, too long for any number (17 digits at most after the longest prefixes), and
 * looks for shorter ones only at punctuation;</li>
 * <li>(for {@code Detectors.scan}) a window not cut from a longer run, whose digits lie inside
 * a stronger finding: a number found there would become part of that finding anyway.</li>
 * </ul>
 */
public final class PhoneNumbers {

	/** The longest stretch handed to libphonenumber: longer than any number as people write one. */
	static final int WINDOW = 64;

	/** Windows with fewer digits were never read (fewer than the shortest number with its country code). */
	private static final int FEWEST_DIGITS = 6;

	/** A window of only digits, at least this many, holds no number libphonenumber finds. */
	static final int LONG_DIGIT_RUN = 48;

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/** The fewest digits of a country code and valid number together, over every region. */
	private static final int SHORTEST_INTERNATIONAL = shortestInternational();

	private static final Map<String, Bounds> BOUNDS = new ConcurrentHashMap<>();

	/**
	 * The fewest digits a valid number written in a region's national form can have, and one
	 * written after the region's international prefix ({@code iddDigits} that prefix when it is
	 * plain digits, else null: then any window may hold one).
	 */
	private record Bounds(int national, int afterIdd, String iddDigits) {
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
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		String country = region == null ? "ZZ" : region.toUpperCase(Locale.ROOT);
		Bounds bounds = null;
		int covering = 0;
		int i = 0;
		while (i < n) {
			char c = text.charAt(i);
			if (!(isDigit(c) || isOpening(c))) {
				i++;
				continue;
			}
			int end = i;
			int digits = 0;
			int lastDigit = -1;
			boolean plus = false;
			boolean others = false;
			while (end < n && end - i < WINDOW) {
				char d = text.charAt(end);
				if (isDigit(d)) {
					digits++;
					lastDigit = end;
				}
				else if (isPhoneChar(d)) {
					others = true;
					plus |= d == '+' || d == '\uFF0B';
				}
				else {
					break;
				}
				end++;
			}
			// a window cut at its length overlaps the next by half; a number reaching into that
			// half is read again from its start by the next window, so none is cut in two
			boolean cut = end - i == WINDOW && end < n && isPhoneChar(text.charAt(end));
			int next = cut ? end - WINDOW / 2 : end;
			if (digits >= FEWEST_DIGITS) {
				if (bounds == null) {
					bounds = BOUNDS.computeIfAbsent(country, PhoneNumbers::bounds);
				}
				while (covering < stronger.size() && stronger.get(covering).end() <= i) {
					covering++;
				}
				boolean inside = !cut && covering < stronger.size() && stronger.get(covering).start() <= i
						&& stronger.get(covering).end() > lastDigit;
				if (!inside && (others || digits < LONG_DIGIT_RUN) && mayHoldNumber(text, i, end, digits, plus, bounds)) {
					for (PhoneNumberMatch match : PHONES.findNumbers(window(text, i, end), country,
							PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
						int start = i + match.start();
						if (cut && start > i && i + match.end() > end - WINDOW / 2) {
							next = Math.min(next, start);
							break;
						}
						found.add(new Finding(FindingType.PHONE, start, i + match.end()));
						next = Math.max(next, i + match.end());
					}
				}
			}
			i = Math.max(next, i + 1);
		}
		return found;
	}

	/** Whether the window has digits enough for a valid number of the region, or after a prefix. */
	private static boolean mayHoldNumber(CharSequence text, int start, int end, int digits, boolean plus, Bounds bounds) {
		if (plus) {
			return digits >= SHORTEST_INTERNATIONAL;
		}
		if (digits >= bounds.national()) {
			return true;
		}
		if (digits < bounds.afterIdd()) {
			return false;
		}
		if (bounds.iddDigits() == null) {
			return true;
		}
		StringBuilder all = new StringBuilder(digits);
		for (int i = start; i < end; i++) {
			int digit = Character.digit(text.charAt(i), 10);
			if (digit >= 0) {
				all.append((char) ('0' + digit));
			}
		}
		return all.indexOf(bounds.iddDigits()) >= 0;
	}

	private static Bounds bounds(String country) {
		int code = PHONES.getCountryCodeForRegion(country);
		if (code == 0) {
			// an unknown region: libphonenumber reads only numbers written with their country code
			return new Bounds(Integer.MAX_VALUE, Integer.MAX_VALUE, "");
		}
		int national = Integer.MAX_VALUE;
		for (String sharing : PHONES.getRegionCodesForCountryCode(code)) {
			national = Math.min(national, shortest(METADATA.getMetadataForRegion(sharing)));
		}
		String idd = METADATA.getMetadataForRegion(country).getInternationalPrefix();
		boolean plain = !idd.isEmpty() && idd.chars().allMatch(c -> c >= '0' && c <= '9');
		return plain ? new Bounds(national, idd.length() + SHORTEST_INTERNATIONAL, idd)
				: new Bounds(national, SHORTEST_INTERNATIONAL, null);
	}

	/** The fewest digits of the region's numbers; 1 when its metadata gives no lengths. */
	private static int shortest(PhoneMetadata metadata) {
		List<Integer> lengths = metadata == null ? List.of() : metadata.getGeneralDesc().getPossibleLengthList();
		return lengths.isEmpty() ? 1 : Collections.min(lengths);
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

	/** The window as libphonenumber reads it: thin spaces (French style) as spaces, same offsets. */
	private static CharSequence window(CharSequence text, int start, int end) {
		StringBuilder window = new StringBuilder(end - start);
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			window.append(c == '\u2009' || c == '\u202F' ? ' ' : c);
		}
		return window;
	}

	private static boolean isDigit(char c) {
		return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
	}

	private static boolean isOpening(char c) {
		return c == '+' || c == '(' || c == '[' || c == '\uFF0B' || c == '\uFF08' || c == '\uFF3B';
	}

	/** Digits and what people write phone numbers with, in the forms libphonenumber reads. */
	private static boolean isPhoneChar(char c) {
		return isDigit(c) || isOpening(c) || switch (c) {
			case ')', ']', '-', '.', ' ', '/', '~', '\u00A0', '\u00AD', '\u2009', '\u202F', '\u200B', '\u2060', '\u2010',
					'\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2053', '\u2212', '\u223C', '\u3000', '\u30FC',
					'\uFF09', '\uFF0D', '\uFF0E', '\uFF0F', '\uFF3D', '\uFF5E' -> true;
			default -> false;
		};
	}

}
