package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * The e-mail detector as it was before round seven ({@link EmailAddresses} at commit fd7a7f5),
 * kept unchanged as the oracle of {@code EmailAddressesReferenceTests}.
 *
 * <p>E-mail addresses: a local part, {@code @}, and a domain of at least two labels whose last is
 * at least two letters. Letters of any script count (internationalised addresses). Each
 * {@code @} is expanded to the left no further than the {@code @} before it, and to the right
 * no further than the next, so every character is read at most twice: linear time.
 */
final class EmailAddressesReference {

	private EmailAddressesReference() {
	}

	static List<Finding> find(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		int previousAt = -1;
		int lastEnd = 0;
		for (int at = nextAt(text, 0); at >= 0; at = nextAt(text, at + 1)) {
			int start = at;
			while (start - 1 > Math.max(previousAt, lastEnd - 1) && isLocal(text.charAt(start - 1))) {
				start--;
			}
			while (start < at && text.charAt(start) == '.') {
				start++; // a sentence's full stop before an address is no part of it
			}
			int end = at + 1;
			while (end < n && isDomain(text.charAt(end))) {
				end++;
			}
			while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
				end--; // nor one after it
			}
			previousAt = at;
			// the local part is taken as written, dots and all ("john..doe", "john."): whatever
			// stands before the @ goes with the address; the domain ends at its last valid label
			// ("a@example.com.2024")
			while (start < at && (CharClasses.of(text.charAt(start)) & CharClasses.LETTER_OR_DIGIT) == 0) {
				start++;
			}
			end = Math.min(end, at + 1 + 253);
			while (end > at + 1 && !validDomain(text, at + 1, end)) {
				int dot = end - 1;
				while (dot > at + 1 && text.charAt(dot) != '.') {
					dot--;
				}
				end = dot;
			}
			if (start < at && end > at + 1) {
				found.add(new Finding(FindingType.EMAIL, start, end));
				lastEnd = end;
			}
		}
		return found;
	}

	/** The first {@code @} at or after {@code from}, or -1. */
	private static int nextAt(CharSequence text, int from) {
		if (text instanceof String string) {
			return string.indexOf('@', from); // an intrinsic: fast over long text between them
		}
		for (int i = from; i < text.length(); i++) {
			if (text.charAt(i) == '@') {
				return i;
			}
		}
		return -1;
	}

	private static boolean isLocal(char c) {
		return (CharClasses.of(c) & CharClasses.LOCAL) != 0;
	}

	private static boolean isDomain(char c) {
		return (CharClasses.of(c) & CharClasses.DOMAIN) != 0;
	}

	/** A top-level label: two letters or more, or an internationalised one in its xn-- form. */
	private static boolean topLevel(CharSequence text, int start, int end) {
		if (end - start >= 5 && (text.charAt(start) | 0x20) == 'x' && (text.charAt(start + 1) | 0x20) == 'n'
				&& text.charAt(start + 2) == '-' && text.charAt(start + 3) == '-') {
			return true;
		}
		if (end - start < 2) {
			return false;
		}
		for (int j = start; j < end; j++) {
			if (!Character.isLetter(text.charAt(j))) {
				return false;
			}
		}
		return true;
	}

	/** Labels of 1 to 63 letters, digits and inner hyphens; at least two; the last two letters or more. */
	private static boolean validDomain(CharSequence text, int start, int end) {
		if (end - start > 253 || end <= start) {
			return false;
		}
		int labels = 0;
		int labelStart = start;
		for (int i = start; i <= end; i++) {
			if (i == end || text.charAt(i) == '.') {
				int length = i - labelStart;
				if (length < 1 || length > 63 || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
					return false;
				}
				labels++;
				if (i == end && !topLevel(text, labelStart, i)) {
					return false;
				}
				labelStart = i + 1;
			}
		}
		return labels >= 2;
	}

}
