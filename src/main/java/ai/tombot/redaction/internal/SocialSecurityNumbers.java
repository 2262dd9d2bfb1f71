package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * US social security numbers: {@code ddd-dd-dddd} and {@code ddd dd dddd} standing on their
 * own (any dash or space, the same one twice), and nine bare digits only near a word that names one ("ssn", "social", "ss#"…). Never
 * area 000, 666 or 900–999, group 00 or serial 0000, which the SSA does not issue. Digits of
 * any script count, as for card numbers (full-width digits are typed on many phones). One pass
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
		return find(DigitRuns.of(text));
	}

	/**
	 * {@link #find(CharSequence)} over the text's runs of digits (of any script, as cards:
	 * "１２３-４５-６７８９" is an SSN too). Each run is tested once, in a counted loop, on its
	 * length and, for {@code ddd-dd-dddd}, the lengths of the two runs after it and the gaps
	 * between them (one character each), without a branch; the edges of the runs are carried
	 * from one run to the next, so the loop reads each once. On nearly every run the test
	 * fails, a branch predicted. A run that passes is read in full ({@link #at}).
	 */
	public static List<Finding> find(DigitRuns runs) {
		List<Finding> found = new ArrayList<>();
		int count = runs.count();
		if (count >= 3) {
			int start = runs.start(0);
			int end = runs.end(0);
			int groupStart = runs.start(1);
			int groupEnd = runs.end(1);
			for (int r = 0; r < count - 2; r++) {
				int serialStart = runs.start(r + 2);
				int serialEnd = runs.end(r + 2);
				int length = end - start;
				if (length == 9 | length == 3 & groupStart == end + 1 & groupEnd == end + 3
						& serialStart == groupEnd + 1 & serialEnd == groupEnd + 5) {
					at(runs, r, found);
				}
				start = groupStart;
				end = groupEnd;
				groupStart = serialStart;
				groupEnd = serialEnd;
			}
		}
		// the last two runs: nine bare digits only, no two runs follow them
		for (int r = Math.max(0, count - 2); r < count; r++) {
			if (runs.end(r) - runs.start(r) == 9) {
				at(runs, r, found);
			}
		}
		return found;
	}

	/**
	 * The SSN that starts at run {@code r}, if there is one: {@code ddd-dd-dddd} over it and the
	 * next two runs (which then start none: they have 2 and 4 digits), or nine bare digits.
	 */
	private static void at(DigitRuns runs, int r, List<Finding> found) {
		CharSequence chars = runs.text();
		int n = chars.length();
		int count = runs.count();
		int start = runs.start(r);
		int end = runs.end(r);
		int length = end - start;
		if (length == 3 && separated(chars, start, end) && r + 2 < count) {
			// ddd-dd-dddd: the group right after the separator, the serial right after the same separator
			char separator = chars.charAt(end);
			int groupEnd = runs.end(r + 1);
			int serialEnd = runs.end(r + 2);
			if (runs.start(r + 1) == end + 1 && groupEnd - end - 1 == 2 && groupEnd + 1 < n
					&& chars.charAt(groupEnd) == separator && runs.start(r + 2) == groupEnd + 1
					&& serialEnd - groupEnd - 1 == 4 && standsAlone(chars, start, serialEnd, isDash(separator))
					&& valid(chars, start, end + 1, groupEnd + 1)) {
				found.add(new Finding(FindingType.US_SSN, start, serialEnd));
			}
		}
		else if (length == 9 && standsAlone(chars, start, end, false) && valid(chars, start, start + 3, start + 5)
				&& nearContext(chars, start, end)) {
			found.add(new Finding(FindingType.US_SSN, start, end));
		}
	}

	private static boolean separated(CharSequence text, int start, int end) {
		return end < text.length() && isSeparator(text.charAt(end));
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
		return dashed ? isDash(c) : isSeparator(c);
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

	private static int number(CharSequence text, int start, int digits) {
		int value = 0;
		for (int i = start; i < start + digits; i++) {
			value = value * 10 + CardNumbers.digit(text.charAt(i));
		}
		return value;
	}

	private static boolean isDigit(char c) {
		return CardNumbers.digit(c) >= 0;
	}

	/**
	 * Between the groups: what the card detector takes (spaces, dashes, minus), and the
	 * full-width space and dash that full-width phone keyboards type.
	 */
	private static boolean isSeparator(char c) {
		return CardNumbers.isSeparator(c) || c == '\u3000' || c == '\uFF0D';
	}

	private static boolean isDash(char c) {
		return switch (c) {
			case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\uFF0D' -> true;
			default -> false;
		};
	}

}
