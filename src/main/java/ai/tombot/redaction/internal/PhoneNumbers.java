package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * Phone numbers, as libphonenumber finds and validates them (leniency VALID: a number that
 * is a valid number of its region), with a default region for numbers written without their
 * country code. libphonenumber's matcher runs regular expressions, so it is given only short
 * windows: runs of digits and the punctuation phone numbers are written with, at most
 * {@link #WINDOW} characters each, found in one pass (a longer run is read in windows that
 * overlap by half). The time stays linear in the text's length.
 */
public final class PhoneNumbers {

	/** The longest stretch handed to libphonenumber: longer than any number as people write one. */
	static final int WINDOW = 64;

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private PhoneNumbers() {
	}

	/**
	 * @param region the ISO 3166-1 alpha-2 code of the country numbers without a country code
	 * belong to (e.g. {@code US}); unknown codes find only numbers written with one
	 */
	public static List<Finding> find(CharSequence text, String region) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		String country = region == null ? "ZZ" : region.toUpperCase(java.util.Locale.ROOT);
		int i = 0;
		while (i < n) {
			char c = text.charAt(i);
			if (!(Character.digit(c, 10) >= 0 || isOpening(c))) {
				i++;
				continue;
			}
			int end = i;
			int digits = 0;
			while (end < n && end - i < WINDOW && isPhoneChar(text.charAt(end))) {
				if (Character.digit(text.charAt(end), 10) >= 0) {
					digits++;
				}
				end++;
			}
			// a window cut at its length overlaps the next by half; a number reaching into that
			// half is read again from its start by the next window, so none is cut in two
			boolean cut = end - i == WINDOW && end < n && isPhoneChar(text.charAt(end));
			int next = cut ? end - WINDOW / 2 : end;
			if (digits >= 6) {
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
			i = Math.max(next, i + 1);
		}
		return found;
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

	private static boolean isOpening(char c) {
		return c == '+' || c == '(' || c == '[' || c == '\uFF0B' || c == '\uFF08' || c == '\uFF3B';
	}

	/** Digits and what people write phone numbers with, in the forms libphonenumber reads. */
	private static boolean isPhoneChar(char c) {
		return Character.digit(c, 10) >= 0 || isOpening(c) || switch (c) {
			case ')', ']', '-', '.', ' ', '/', '~', '\u00A0', '\u00AD', '\u2009', '\u202F', '\u200B', '\u2060', '\u2010',
					'\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2053', '\u2212', '\u223C', '\u3000', '\u30FC',
					'\uFF09', '\uFF0D', '\uFF0E', '\uFF0F', '\uFF3D', '\uFF5E' -> true;
			default -> false;
		};
	}

}
