package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * IP addresses. IPv4: four decimal numbers of 0 to 255 (no leading zeros) joined by dots, not
 * inside a longer dotted number such as a version. IPv6 (RFC 4291 text forms): eight groups of
 * one to four hex digits, or fewer with one {@code ::}, the last two possibly an IPv4 address.
 * The text is read once in runs of the characters an address can hold; each run is checked
 * once, so the time is linear.
 */
public final class IpAddresses {

	private IpAddresses() {
	}

	public static List<Finding> find(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		int i = 0;
		while (i < n) {
			if (!isAddressChar(text.charAt(i))) {
				i++;
				continue;
			}
			int end = i;
			int seen = 0;
			int bits;
			while (end < n && ((bits = CharClasses.of(text.charAt(end))) & CharClasses.ADDRESS) != 0) {
				seen |= bits;
				end++;
			}
			boolean colons = (seen & CharClasses.COLON) != 0;
			boolean dot = (seen & CharClasses.DOT) != 0;
			boolean digit = (seen & CharClasses.ASCII_DIGIT) != 0;
			if (!colons && !(dot && digit)) {
				i = end; // a word of the letters a to f, or a number: no IPv6 address without a colon, no IPv4 one without dots
				continue;
			}
			// a part glued to a word is the word's ("v1.2.3.4", "xcafe:babe"); after a colon or a
			// dot the rest is not ("host:10.0.0.1", "IPv6:2001:db8::1", "10.0.0.1.nip.io")
			int from = i;
			int to = end;
			boolean open = true;
			if (from > 0 && asciiWord(text.charAt(from - 1)) && text.charAt(from) != ':') {
				int colon = indexOf(text, ':', from, to);
				open = colon >= 0;
				from = colon + 1;
			}
			if (open && to < n && asciiWord(text.charAt(to)) && text.charAt(to - 1) != ':'
					&& text.charAt(to - 1) != '.') {
				int separator = lastColonOrDot(text, from, to);
				open = separator >= 0;
				to = separator;
			}
			if (open && from < to) {
				inRun(text, from, to, found);
			}
			i = end;
		}
		return found;
	}

	/** The address a run holds: an IPv6 address (trailing dots and colons aside), else IPv4 ones. */
	private static void inRun(CharSequence text, int start, int end, List<Finding> found) {
		int trimmed = end;
		while (trimmed > start && (text.charAt(trimmed - 1) == '.' || text.charAt(trimmed - 1) == ':')
				&& !(trimmed - 2 >= start && text.charAt(trimmed - 1) == ':' && text.charAt(trimmed - 2) == ':')) {
			trimmed--;
		}
		if (isIpv6(text, start, trimmed)) {
			found.add(new Finding(FindingType.IP_ADDRESS, start, trimmed));
			return;
		}
		// IPv4 addresses in the run, between colons (1.2.3.4:8080), not inside longer dotted numbers.
		// The colons are found with String.indexOf (an intrinsic) up to the run's last colon, found
		// from the end first, so no search runs past the run: on text of hex digits and colons a
		// test per character was most of the detector's time
		int lastColon = lastIndexOf(text, ':', start, end);
		int part = start;
		while (part <= lastColon) {
			int colon = nextColon(text, part);
			ipv4(text, part, colon, found);
			part = colon + 1;
		}
		ipv4(text, part, end, found);
	}

	/** The IPv4 address between two colons, a sentence's full stops after it aside. */
	private static void ipv4(CharSequence text, int part, int end, List<Finding> found) {
		int partEnd = end;
		while (partEnd > part && text.charAt(partEnd - 1) == '.') {
			partEnd--;
		}
		if (isIpv4(text, part, partEnd)) {
			found.add(new Finding(FindingType.IP_ADDRESS, part, partEnd));
		}
	}

	/** The first colon at or after {@code from}; there must be one. */
	private static int nextColon(CharSequence text, int from) {
		if (text instanceof String string) {
			return string.indexOf(':', from);
		}
		int i = from;
		while (text.charAt(i) != ':') {
			i++;
		}
		return i;
	}

	/** The last {@code c} in [from, to), or -1. */
	private static int lastIndexOf(CharSequence text, char c, int from, int to) {
		for (int i = to - 1; i >= from; i--) {
			if (text.charAt(i) == c) {
				return i;
			}
		}
		return -1;
	}

	/** A letter or digit of Latin script: CJK text around an address, written without spaces, is no glue. */
	private static boolean asciiWord(char c) {
		return c < 128 && Character.isLetterOrDigit(c);
	}

	/** The first {@code c} in [from, to), or -1. */
	private static int indexOf(CharSequence text, char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (text.charAt(i) == c) {
				return i;
			}
		}
		return -1;
	}

	/** The last colon or dot in [from, to), or -1: where a part glued to a following word starts. */
	private static int lastColonOrDot(CharSequence text, int from, int to) {
		for (int i = to - 1; i >= from; i--) {
			if (text.charAt(i) == ':' || text.charAt(i) == '.') {
				return i;
			}
		}
		return -1;
	}

	static boolean isIpv4(CharSequence text, int start, int end) {
		if (end - start < 7 || end - start > 15) {
			return false; // four numbers of one to three digits and three dots
		}
		int numbers = 0;
		int from = start;
		for (int i = start; i <= end; i++) {
			if (i == end || text.charAt(i) == '.') {
				int length = i - from;
				if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
					return false;
				}
				int value = 0;
				for (int j = from; j < i; j++) {
					char c = text.charAt(j);
					if (c < '0' || c > '9') {
						return false;
					}
					value = value * 10 + (c - '0');
				}
				if (value > 255) {
					return false;
				}
				numbers++;
				from = i + 1;
			}
		}
		return numbers == 4;
	}

	/**
	 * An IPv6 address: at most one {@code ::}, groups of one to four hex digits (eight of them,
	 * or at most seven with the {@code ::}), the last part possibly an IPv4 address. Read in
	 * place, without copying the text.
	 */
	static boolean isIpv6(CharSequence text, int start, int end) {
		int length = end - start;
		if (length < 3 || length > 45 || indexOf(text, ':', start, end) < 0) {
			return false;
		}
		int doubleColon = -1;
		for (int i = start; i + 1 < end; i++) {
			if (text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
				if (doubleColon >= 0) {
					return false; // a second "::" (":::" included)
				}
				doubleColon = i;
			}
		}
		int headGroups = groups(text, start, doubleColon >= 0 ? doubleColon : end, doubleColon < 0);
		int tailGroups = doubleColon >= 0 ? groups(text, doubleColon + 2, end, true) : 0;
		if (headGroups < 0 || tailGroups < 0) {
			return false;
		}
		// valid groups hold a hex digit unless the address is only "::", which is too short
		int total = headGroups + tailGroups;
		return doubleColon >= 0 ? total <= 7 : total == 8;
	}

	/**
	 * The 16-bit groups of the colon-separated part from {@code from} to {@code to} (an IPv4
	 * address at its end, where allowed, counts as two); -1 when it is no such part. An empty
	 * part has none.
	 */
	private static int groups(CharSequence text, int from, int to, boolean ipv4AtEnd) {
		if (from >= to) {
			return 0;
		}
		int count = 0;
		int pieceStart = from;
		for (int i = from; i <= to; i++) {
			if (i < to && text.charAt(i) != ':') {
				continue;
			}
			if (i == to && ipv4AtEnd && indexOf(text, '.', pieceStart, i) >= 0) {
				if (!isIpv4(text, pieceStart, i)) {
					return -1;
				}
				count += 2;
			}
			else {
				int length = i - pieceStart;
				if (length == 0 || length > 4) {
					return -1;
				}
				for (int j = pieceStart; j < i; j++) {
					if (!isHex(text.charAt(j))) {
						return -1;
					}
				}
				count++;
			}
			pieceStart = i + 1;
		}
		return count;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isAddressChar(char c) {
		return (CharClasses.of(c) & CharClasses.ADDRESS) != 0;
	}

}
