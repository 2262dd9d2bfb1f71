package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * Card numbers (PANs): 12 to 19 digits, as one run or in groups joined by single separators
 * (space, no-break and thin spaces, dashes), that pass the Luhn check and start with a prefix a
 * card brand issues at that length. The brand check is what keeps Luhn-valid numbers that are
 * no card (IMEIs, epoch timestamps, order numbers) from matching. Digits of any script count.
 *
 * <p>Within a run of groups, every window of whole groups that is a card counts, and windows
 * that overlap make one finding: a card next to another number, or typed with its security
 * code, is covered whole, never in part. One pass over the text; each group starts at most 19
 * windows, so the time is linear in the text's length.
 */
public final class CardNumbers {

	private static final int MIN = 12;

	private static final int MAX = 19;

	/** Prefix ranges (inclusive, same number of digits) and the lengths issued in them. */
	private record Range(long from, long to, int prefixDigits, int[] lengths) {

		boolean matches(int[] digits, int start, int length) {
			boolean issued = false;
			for (int allowed : this.lengths) {
				issued |= allowed == length;
			}
			if (!issued) {
				return false;
			}
			long prefix = 0;
			for (int i = 0; i < this.prefixDigits; i++) {
				prefix = prefix * 10 + digits[start + i];
			}
			return prefix >= this.from && prefix <= this.to;
		}

	}

	private static Range range(long from, long to, int... lengths) {
		return new Range(from, to, Long.toString(from).length(), lengths);
	}

	private static final int[] L12_19 = { 12, 13, 14, 15, 16, 17, 18, 19 };

	private static final int[] L14_19 = { 14, 15, 16, 17, 18, 19 };

	private static final int[] L16_19 = { 16, 17, 18, 19 };

	/** What the brands issue (IIN ranges and lengths as the brands publish them). */
	private static final List<Range> BRANDS = List.of(
			range(4, 4, 13, 16, 19), // Visa
			range(51, 55, 16), range(2221, 2720, 16), // Mastercard
			range(34, 34, 15), range(37, 37, 15), // American Express
			range(6011, 6011, L16_19), range(644, 649, L16_19), range(65, 65, L16_19),
			range(622126, 622925, L16_19), // Discover
			range(30, 30, L14_19), range(36, 36, L14_19), range(38, 39, L14_19), // Diners Club
			range(3528, 3589, L16_19), // JCB
			range(62, 62, L16_19), // UnionPay
			range(50, 50, L12_19), range(56, 69, L12_19), // Maestro (and the cards of 60-69 it shares)
			range(2200, 2204, L16_19), // Mir
			range(2205, 2205, L16_19), // BORICA
			range(81, 82, 16), range(508, 508, 16), // RuPay
			range(636, 636, L16_19), range(637, 639, 16), // InterPayment, InstaPayment
			range(1, 1, 15), // UATP
			range(1946, 1946, 16, 18, 19), // GPN
			range(31, 31, 19), // China T-Union
			range(8600, 8600, 16), range(9860, 9860, 16), // UzCard, Humo
			range(9704, 9704, 16, 19), // Napas
			range(9792, 9792, 16)); // Troy

	/** {@link #BRANDS} by the lengths they issue: for each length, the ranges that issue it. */
	private static final Range[][] BY_LENGTH = new Range[MAX + 1][];

	private static final long[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000 };

	static {
		for (int length = 0; length <= MAX; length++) {
			int issued = length;
			BY_LENGTH[length] = BRANDS.stream()
				.filter(brand -> java.util.Arrays.stream(brand.lengths()).anyMatch(allowed -> allowed == issued))
				.toArray(Range[]::new);
		}
	}

	private CardNumbers() {
	}

	public static List<Finding> find(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		int[] digits = new int[32];
		// per group of the current run: where it starts and ends in the text, and its digits' range
		// (arrays kept from run to run: most runs are one group)
		int[] starts = new int[8];
		int[] ends = new int[8];
		int[] lasts = new int[8];
		int i = 0;
		while (i < n) {
			if (digit(text.charAt(i)) < 0) {
				i++;
				continue;
			}
			int size = 0;
			int count = 0;
			int j = i;
			while (true) {
				int groupStart = j;
				int value;
				while (j < n && (value = digit(text.charAt(j))) >= 0) {
					if (count == digits.length) {
						digits = Arrays.copyOf(digits, digits.length * 2);
					}
					digits[count++] = value;
					j++;
				}
				if (size == starts.length) {
					starts = Arrays.copyOf(starts, size * 2);
					ends = Arrays.copyOf(ends, size * 2);
					lasts = Arrays.copyOf(lasts, size * 2);
				}
				starts[size] = groupStart;
				ends[size] = j;
				lasts[size] = count;
				size++;
				if (j + 1 < n && isSeparator(text.charAt(j)) && digit(text.charAt(j + 1)) >= 0) {
					j++;
					continue;
				}
				break;
			}
			if (count >= MIN) {
				findInRun(digits, count, starts, ends, lasts, size, found);
			}
			i = j;
		}
		return found;
	}

	/**
	 * Every window of whole groups that is a card; overlapping windows are one finding. The Luhn
	 * sums of all windows come from two running sums (modulo 10) over the run's digits (one
	 * doubling the digits at even indexes, one at odd), so a window's check costs the same at
	 * any length.
	 * Group {@code g} has the digits from {@code lasts[g - 1]} (0 for the first) to {@code lasts[g]}.
	 */
	private static void findInRun(int[] digits, int count, int[] starts, int[] ends, int[] lasts, int size,
			List<Finding> found) {
		int[][] sumsKept = SUMS.get();
		if (sumsKept[0].length < count + 1) {
			sumsKept[0] = new int[Math.max(count + 1, sumsKept[0].length * 2)];
			sumsKept[1] = new int[sumsKept[0].length];
		}
		int[] evenDoubled = sumsKept[0];
		int[] oddDoubled = sumsKept[1];
		for (int k = 0; k < count; k++) {
			int plain = digits[k];
			int doubled = plain * 2 > 9 ? plain * 2 - 9 : plain * 2;
			// the sums are kept modulo 10: a window passes when its two ends' residues are equal
			int even = evenDoubled[k] + ((k & 1) == 0 ? doubled : plain);
			int odd = oddDoubled[k] + ((k & 1) == 0 ? plain : doubled);
			evenDoubled[k + 1] = even >= 10 ? even - 10 : even;
			oddDoubled[k + 1] = odd >= 10 ? odd - 10 : odd;
		}
		int spanStart = -1;
		int spanEnd = -1;
		int shortest = 0; // the first group that ends a window of MIN digits or more from group a: never goes back
		for (int a = 0; a < size; a++) {
			int from = a == 0 ? 0 : lasts[a - 1];
			shortest = Math.max(shortest, a);
			while (shortest < size && lasts[shortest] - from < MIN) {
				shortest++;
			}
			int issued = -1; // the lengths a brand issues at this start's prefix (bit per length), read once a start
			for (int b = shortest; b < size; b++) {
				int to = lasts[b];
				int length = to - from;
				if (length > MAX) {
					break;
				}
				if (length < MIN) {
					continue;
				}
				// the last digit (index to - 1) is not doubled, nor any of its parity
				int[] sums = ((to - 1) & 1) == 0 ? oddDoubled : evenDoubled;
				if (sums[to] != sums[from]) {
					continue;
				}
				if (issued < 0) {
					issued = issuedLengths(digits, from);
				}
				if ((issued & (1 << (length - MIN))) != 0) {
					int start = starts[a];
					int end = ends[b];
					if (spanStart >= 0 && start < spanEnd) {
						spanEnd = Math.max(spanEnd, end);
					}
					else {
						if (spanStart >= 0) {
							found.add(new Finding(FindingType.CARD_NUMBER, spanStart, spanEnd));
						}
						spanStart = start;
						spanEnd = end;
					}
				}
			}
		}
		if (spanStart >= 0) {
			found.add(new Finding(FindingType.CARD_NUMBER, spanStart, spanEnd));
		}
	}

	/**
	 * Whether {@code span} (a finding's text) is one card and nothing more: its digits, all of
	 * them, make a card, and no shorter window of its groups does. Only then may its last four
	 * digits be shown: otherwise they could be a security code, or another number's.
	 */
	public static boolean isSingleCard(CharSequence span) {
		long digitCount = span.chars().filter(c -> digit((char) c) >= 0).count();
		if (digitCount < MIN || digitCount > MAX) {
			return false; // more digits than any card has: more than one card, or a card and more
		}
		List<Finding> inside = find(span);
		if (inside.size() != 1 || inside.get(0).start() != 0 || inside.get(0).end() != span.length()) {
			return false;
		}
		int[] digits = span.chars().map(c -> digit((char) c)).filter(d -> d >= 0).toArray();
		int windows = 0;
		List<int[]> groups = new ArrayList<>();
		int count = 0;
		int index = 0;
		while (index < span.length()) {
			int start = count;
			while (index < span.length() && digit(span.charAt(index)) >= 0) {
				count++;
				index++;
			}
			groups.add(new int[] { start, count });
			index++;
		}
		for (int a = 0; a < groups.size(); a++) {
			for (int b = a; b < groups.size(); b++) {
				int length = groups.get(b)[1] - groups.get(a)[0];
				if (length >= MIN && length <= MAX && isCard(digits, groups.get(a)[0], length)) {
					windows++;
				}
			}
		}
		return windows == 1 && isCard(digits, 0, digits.length);
	}

	/** Whether these digit values (0-9), all of them, are a card number: Luhn-valid, of a brand that issues that length. */
	public static boolean isCard(int[] digits) {
		return isCard(digits, 0, digits.length);
	}

	static boolean isCard(int[] digits, int start, int length) {
		return length >= MIN && length <= MAX && luhn(digits, start, length) && isBrand(digits, start, length);
	}

	/** The running Luhn sums of {@link #findInRun}, kept per thread from run to run. */
	private static final ThreadLocal<int[][]> SUMS = ThreadLocal.withInitial(() -> new int[][] { new int[64], new int[64] });

	/**
	 * For each four-digit prefix, the lengths at which a brand with a prefix of at most four
	 * digits issues it: bit {@code length - MIN} (12 to 19). Ten thousand bytes, filled once
	 * from {@link #BRANDS}, small enough to stay in cache: a window's brand check is a look-up,
	 * and a start's prefix is read once for all its windows.
	 */
	private static final byte[] ISSUED = new byte[10_000];

	/** The brands whose prefixes are longer than four digits (Discover's 622126 to 622925). */
	private static final Range[] LONG_PREFIXES = BRANDS.stream().filter(brand -> brand.prefixDigits() > 4)
		.toArray(Range[]::new);

	static {
		for (Range brand : BRANDS) {
			if (brand.prefixDigits() > 4) {
				continue;
			}
			long scale = POWERS[4 - brand.prefixDigits()];
			int mask = lengthBits(brand);
			for (long four = brand.from() * scale; four < (brand.to() + 1) * scale; four++) {
				ISSUED[(int) four] |= (byte) mask;
			}
		}
	}

	private static int lengthBits(Range brand) {
		int mask = 0;
		for (int length : brand.lengths()) {
			mask |= 1 << (length - MIN);
		}
		return mask;
	}

	/**
	 * The lengths (bit {@code length - MIN}) at which a brand issues the prefix of the digits
	 * from {@code start} (six digits at least follow it: every window is 12 or more long).
	 * Bit {@code length - MIN} is {@code isBrand(digits, start, length)}.
	 */
	private static int issuedLengths(int[] digits, int start) {
		int four = digits[start] * 1000 + digits[start + 1] * 100 + digits[start + 2] * 10 + digits[start + 3];
		int issued = ISSUED[four] & 0xFF;
		for (Range brand : LONG_PREFIXES) {
			long prefix = four;
			for (int i = 4; i < brand.prefixDigits(); i++) {
				prefix = prefix * 10 + digits[start + i];
			}
			if (prefix >= brand.from() && prefix <= brand.to()) {
				issued |= lengthBits(brand);
			}
		}
		return issued;
	}

	/** Whether a brand issues this number's prefix at its length (12 to 19: six prefix digits at least). */
	private static boolean isBrand(int[] digits, int start, int length) {
		long six = 0;
		for (int i = 0; i < 6; i++) {
			six = six * 10 + digits[start + i];
		}
		for (Range brand : BY_LENGTH[length]) {
			long prefix = six / POWERS[6 - brand.prefixDigits()];
			if (prefix >= brand.from() && prefix <= brand.to()) {
				return true;
			}
		}
		return false;
	}

	static boolean luhn(int[] digits, int start, int length) {
		int sum = 0;
		for (int i = 0; i < length; i++) {
			int digit = digits[start + length - 1 - i];
			if (i % 2 == 1) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
		}
		return sum % 10 == 0;
	}

	/** The digit's value in any script (ASCII, full-width, Arabic-Indic…); -1 for any other character. */
	static int digit(char c) {
		if (c < 128) {
			int value = c - '0';
			return value >= 0 && value <= 9 ? value : -1; // ASCII: no table look-up
		}
		return Character.digit(c, 10);
	}

	/** A single separator between groups: spaces (also no-break and thin), dashes and minus signs. */
	static boolean isSeparator(char c) {
		return switch (c) {
			case ' ', '-', '\u00A0', '\u2007', '\u2009', '\u202F', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212' -> true;
			default -> false;
		};
	}

}
