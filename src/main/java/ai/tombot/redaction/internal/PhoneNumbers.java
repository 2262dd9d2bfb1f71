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
	static final int WINDOW = 40;

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
		int i = 0;
		int lastEnd = 0;
		while (i < n) {
			char c = text.charAt(i);
			if (!(Character.digit(c, 10) >= 0 || c == '+' || c == '(')) {
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
			if (digits >= 6) {
				CharSequence window = text.subSequence(i, end);
				for (PhoneNumberMatch match : PHONES.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID,
						Long.MAX_VALUE)) {
					if (i + match.start() >= lastEnd) {
						found.add(new Finding(FindingType.PHONE, i + match.start(), i + match.end()));
						lastEnd = i + match.end();
					}
				}
			}
			// a window cut at its length overlaps the next by half, so no number is cut in two
			boolean cut = end - i == WINDOW && end < n && isPhoneChar(text.charAt(end));
			i = cut ? Math.max(end - WINDOW / 2, lastEnd) : end;
		}
		return found;
	}

	private static boolean isPhoneChar(char c) {
		return Character.digit(c, 10) >= 0 || switch (c) {
			case '+', '(', ')', '-', '.', ' ', '/', '\u00A0', '\u2010', '\u2011', '\u2012', '\u2013' -> true;
			default -> false;
		};
	}

}
