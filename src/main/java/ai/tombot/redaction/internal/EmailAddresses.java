package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * E-mail addresses: a local part, {@code @}, and a domain of at least two labels whose last is
 * at least two letters. Letters of any script count (internationalised addresses). Each
 * {@code @} is expanded to the left no further than the {@code @} before it, and to the right
 * no further than the next, so every character is read at most twice: linear time.
 *
 * <p>The text is read from a {@code char[]} copy, not through {@link CharSequence#charAt}: the
 * loops run once per {@code @} (on text dense with them, a quarter of the characters), and
 * read through {@code charAt} the same code ran at one of several speeds up to 2x apart,
 * depending on the JVM (how C2 compiled it), while array loads ran at one. The copy costs a
 * fraction of one pass, and is made only for text with an {@code @}.
 */
public final class EmailAddresses {

	/** How many characters {@link #nextAt} reads one by one before it calls the intrinsic. */
	private static final int NEAR = 16;

	private EmailAddresses() {
	}

	public static List<Finding> find(CharSequence text) {
		String string = text.toString();
		if (string.indexOf('@') < 0) {
			return new ArrayList<>(); // no copy for text without an address
		}
		return find(string, string.toCharArray());
	}

	private static List<Finding> find(String string, char[] text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length;
		int previousAt = -1;
		int lastEnd = 0;
		for (int at = nextAt(string, text, 0); at >= 0; at = nextAt(string, text, at + 1)) {
			// one walk to the left over the local part's characters, no further than the @ before
			// or the last address; the local part is taken as written ("john..doe", "john."), from
			// its first letter or digit (a sentence's full stop before an address is no part of it)
			int bound = Math.max(previousAt, lastEnd - 1);
			previousAt = at;
			int start = at;
			int bits;
			for (int j = at - 1; j > bound && ((bits = CharClasses.of(text[j])) & CharClasses.LOCAL) != 0; j--) {
				start = (bits & CharClasses.LETTER_OR_DIGIT) != 0 ? j : start;
			}
			if (start == at) {
				continue; // no local part: no address, whatever the domain (most @ of "a@b.c@d.")
			}
			int end = at + 1;
			while (end < n && isDomain(text[end])) {
				end++;
			}
			while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) {
				end--; // a full stop after the address is no part of it either
			}
			// the domain ends at its last valid label ("a@example.com.2024")
			end = domainEnd(text, at + 1, Math.min(end, at + 1 + 253));
			if (end > at + 1) {
				found.add(new Finding(FindingType.EMAIL, start, end));
				lastEnd = end;
			}
		}
		return found;
	}

	/**
	 * The first {@code @} at or after {@code from}, or -1. The next few characters are read one
	 * by one (where {@code @} are dense, setting up the intrinsic cost more than the search),
	 * the rest, if there is no {@code @} among them, with {@link String#indexOf(int, int)}.
	 */
	private static int nextAt(String string, char[] text, int from) {
		int n = text.length;
		int near = Math.min(n, from + NEAR);
		for (int i = from; i < near; i++) {
			if (text[i] == '@') {
				return i;
			}
		}
		return near == n ? -1 : string.indexOf('@', near); // an intrinsic: fast over long text between them
	}

	private static boolean isDomain(char c) {
		return (CharClasses.of(c) & CharClasses.DOMAIN) != 0;
	}

	/** A top-level label: two letters or more, or an internationalised one in its xn-- form. */
	private static boolean topLevel(char[] text, int start, int end) {
		if (end - start >= 5 && (text[start] | 0x20) == 'x' && (text[start + 1] | 0x20) == 'n'
				&& text[start + 2] == '-' && text[start + 3] == '-') {
			return true;
		}
		if (end - start < 2) {
			return false;
		}
		for (int j = start; j < end; j++) {
			if (!Character.isLetter(text[j])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The end of the longest valid domain from {@code start} that ends at {@code end} or at a
	 * dot before it, or {@code start} when there is none. A valid domain has labels of 1 to 63
	 * letters, digits and inner hyphens, at least two of them, the last a {@link #topLevel}
	 * one. Read forward once: a label that is not valid ends the search, as every longer
	 * domain holds it too (trying the ends from the longest, each read again, cost a pass a try).
	 */
	private static int domainEnd(char[] text, int start, int end) {
		int best = start;
		int labels = 0;
		int labelStart = start;
		for (int i = start; i <= end; i++) {
			if (i < end && text[i] != '.') {
				continue;
			}
			int length = i - labelStart;
			if (length < 1 || length > 63 || text[labelStart] == '-' || text[i - 1] == '-') {
				return best;
			}
			labels++;
			if (labels >= 2 && topLevel(text, labelStart, i)) {
				best = i;
			}
			labelStart = i + 1;
		}
		return best;
	}

}
