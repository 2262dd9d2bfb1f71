package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * US social security numbers: {@code ddd-dd-dddd} and {@code ddd dd dddd} standing on their
 * own, and nine bare digits only near a word that names one ("ssn", "social", "ss#"…). Never
 * area 000, 666 or 900–999, group 00 or serial 0000, which the SSA does not issue. One pass
 * over the text; the context check reads a fixed window, so the time is linear.
 */
public final class SocialSecurityNumbers {

	/** How far before (and after) nine bare digits a context word may stand. */
	private static final int CONTEXT_BEFORE = 40;

	private static final int CONTEXT_AFTER = 20;

	private static final List<String> CONTEXT = List.of("ssn", "ssns", "social", "ss#", "ss #", "soc sec", "soc. sec");

	private SocialSecurityNumbers() {
	}

	public static List<Finding> find(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		int i = 0;
		while (i < n) {
			if (!isDigit(text.charAt(i))) {
				i++;
				continue;
			}
			int end = digitsFrom(text, i);
			int length = end - i;
			if (length == 3 && separated(text, i, end)) {
				char separator = text.charAt(end);
				int groupEnd = digitsFrom(text, end + 1);
				if (groupEnd - end - 1 == 2 && groupEnd + 1 < n && text.charAt(groupEnd) == separator) {
					int serialEnd = digitsFrom(text, groupEnd + 1);
					if (serialEnd - groupEnd - 1 == 4 && standsAlone(text, i, serialEnd, separator == '-')
							&& valid(text, i, end + 1, groupEnd + 1)) {
						found.add(new Finding(FindingType.US_SSN, i, serialEnd));
						i = serialEnd;
						continue;
					}
				}
			}
			else if (length == 9 && standsAlone(text, i, end, false) && valid(text, i, i + 3, i + 5)
					&& nearContext(text, i, end)) {
				found.add(new Finding(FindingType.US_SSN, i, end));
			}
			i = end;
		}
		return found;
	}

	private static boolean separated(CharSequence text, int start, int end) {
		return end < text.length() && (text.charAt(end) == '-' || text.charAt(end) == ' ');
	}

	/**
	 * Not part of a longer number: no digit on either side, nor a separator and a digit. A
	 * dashed SSN may stand a space away from another number ("Employee 1043 123-45-6789"); one
	 * with spaces, or nine bare digits, may not.
	 */
	private static boolean standsAlone(CharSequence text, int start, int end, boolean dashed) {
		int n = text.length();
		if (start > 0 && (isDigit(text.charAt(start - 1)) || (joins(text.charAt(start - 1), dashed) && start > 1
				&& isDigit(text.charAt(start - 2))))) {
			return false;
		}
		return !(end < n && (isDigit(text.charAt(end))
				|| (joins(text.charAt(end), dashed) && end + 1 < n && isDigit(text.charAt(end + 1)))));
	}

	private static boolean joins(char c, boolean dashed) {
		return dashed ? c == '-' : isSeparator(c);
	}

	/** Area, group and serial as the SSA issues them. */
	private static boolean valid(CharSequence text, int area, int group, int serial) {
		int a = number(text, area, 3);
		return a != 0 && a != 666 && a < 900 && number(text, group, 2) != 0 && number(text, serial, 4) != 0;
	}

	/** A context word, as a word of its own (not inside "assn" or "antisocial"), near the digits. */
	private static boolean nearContext(CharSequence text, int start, int end) {
		int from = Math.max(0, start - CONTEXT_BEFORE);
		int to = Math.min(text.length(), end + CONTEXT_AFTER);
		String window = text.subSequence(from, to).toString().toLowerCase(Locale.ROOT);
		for (String word : CONTEXT) {
			for (int at = window.indexOf(word); at >= 0; at = window.indexOf(word, at + 1)) {
				boolean before = at == 0 || !Character.isLetter(window.charAt(at - 1));
				int after = at + word.length();
				boolean afterOk = after >= window.length() || !Character.isLetter(window.charAt(after))
						|| word.endsWith("#");
				if (before && afterOk) {
					return true;
				}
			}
		}
		return false;
	}

	private static int digitsFrom(CharSequence text, int start) {
		int i = start;
		while (i < text.length() && isDigit(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static int number(CharSequence text, int start, int digits) {
		int value = 0;
		for (int i = start; i < start + digits; i++) {
			value = value * 10 + (text.charAt(i) - '0');
		}
		return value;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isSeparator(char c) {
		return c == ' ' || c == '-';
	}

}
