package ai.tombot.redaction.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * code, is covered whole, never in part. The detector goes over the text's runs of digits
 * ({@link DigitRuns}) once; each group starts at most 8 windows (12 to 19 digits), checked
 * together in constant time, so the time is linear in the text's length.
 *
 * <p>About 520 lines: the brand table, the byte-wise window check and the slower
 * {@link #isSingleCard} (used only on findings) share the brand ranges and the Luhn rules, and
 * the window check's per-thread arrays ({@link Scratch}) are its own; split apart, the check's
 * loops would reach into another class's arrays on the hot path.
 */
public final class CardNumbers {

	private static final int MIN = 12;

	private static final int MAX = 19;

	/** Prefix ranges (inclusive, same number of digits) and the lengths issued in them. */
	private record Range(long from, long to, int prefixDigits, int[] lengths) {
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
				.filter(brand -> Arrays.stream(brand.lengths()).anyMatch(allowed -> allowed == issued))
				.toArray(Range[]::new);
		}
	}

	private CardNumbers() {
	}

	public static List<Finding> find(CharSequence text) {
		return find(DigitRuns.of(text));
	}

	/**
	 * {@link #find(CharSequence)} over the text's runs of digits (of any script). Runs joined by
	 * a single separator, none longer than a card, make a run of groups; each with enough digits
	 * for a card is searched. Whether a run is joined to the next is worked out without a
	 * branch (its conditions AND-ed, not chained with {@code &&}), so the one branch per run,
	 * on the answer, goes the same way nearly always: on text of digits, separators and other
	 * characters at random, a chain of tests was a misprediction at most runs.
	 */
	public static List<Finding> find(DigitRuns runs) {
		List<Finding> found = new ArrayList<>();
		char[] chars = runs.chars();
		int from = runs.charsFrom();
		int last = runs.count() - 1;
		int first = 0;
		int digits = 0;
		if (last < 0) {
			return found;
		}
		int start = runs.start(0);
		int end = runs.end(0);
		for (int r = 0; r < last; r++) {
			int length = end - start;
			int next = runs.start(r + 1);
			int nextEnd = runs.end(r + 1);
			digits += length;
			if (!(next == end + 1 & length <= MAX & nextEnd - next <= MAX & isSeparator(chars[end - from]))) {
				search(runs, first, r, digits, found);
				first = r + 1;
				digits = 0;
			}
			start = next;
			end = nextEnd;
		}
		search(runs, first, last, digits + end - start, found);
		return found;
	}

	/** The run of groups from run {@code first} to {@code last}, if it may hold a card. */
	private static void search(DigitRuns runs, int first, int last, int digits, List<Finding> found) {
		// a group longer than any card stands alone: no window holds it, and none reaches across it
		if (digits >= MIN && (first < last || digits <= MAX)) {
			findInRun(runs, first, last + 1, digits, found);
		}
	}

	/**
	 * Every window of whole groups (runs {@code first} to {@code end - 1}, {@code count} digits)
	 * that is a card; overlapping windows are one finding. The Luhn sums of all windows come
	 * from two running sums (modulo 10) over the run's digits, one doubling the digits at even
	 * indexes and one at odd: a window passes when its two ends' residues are equal. They are
	 * kept by the parity of where they are read, not of the digits they double: at digit k,
	 * {@code same} doubles the digits of k's parity, {@code other} the rest. A window ending at
	 * e doubles the digits of e's parity, so it compares {@code same} at e with, at its start,
	 * {@code same} for an even length and {@code other} for an odd one, whatever the start's
	 * parity: no choice by parity is left in the loops.
	 *
	 * <p>The windows of one start all begin where it does, so only the longest that is a card
	 * matters, and of those that end inside the finding being built, none does. The eight
	 * lengths (12 to 19) of a start are checked at once, without a branch: every digit k has a
	 * byte, the residue a window ending at k is checked with and bit 7 where a group ends; a
	 * start reads the eight bytes of its windows' ends as one long, compares them with its own
	 * residues in one operation (a test for zero bytes), and masks them with the lengths a brand
	 * issues at its prefix. (Branching per length was a misprediction on nearly every start of
	 * random digits.) That check runs over every start in a loop of its own, without a branch,
	 * and keeps only the starts with a card and their windows; a second loop builds the findings
	 * from those (7 to 16% of the starts on random digit groups), where the branches on the
	 * finding being built are. One loop for both was 4-7% slower on spaced and dashed digits.
	 */
	private static void findInRun(DigitRuns runs, int first, int end, int count, List<Finding> found) {
		Scratch scratch = SCRATCH.get().fit(count, end - first);
		byte[] digits = scratch.digits;
		// ends[k]: the sum before digit k doubling the digits of k's parity (same), what a
		// window ending at k is checked with, and bit 7 where a group ends before digit k
		byte[] ends = scratch.ends;
		// groupStarts[i]: group i's first digit, and other and same there (four bits each)
		long[] groupStarts = scratch.groupStarts;
		// at[k]: where digit k stands, from the run's start
		int[] at = scratch.at;
		int base = runs.start(first);
		int length = runs.end(end - 1) - base;
		char[] chars = runs.chars(); // the text's, from runs.charsFrom() on
		int offset = base - runs.charsFrom();
		// the digits, without a branch: the run holds digits and single separators only, and a
		// separator (ASCII ones are below '0'; others have no digit value) is overwritten by
		// the next digit. A loop per group mispredicted its end on random group lengths
		int k = 0;
		for (int i = 0; i < length; i++) {
			char c = chars[offset + i];
			int value = c < 128 ? c - '0' : Character.digit(c, 10);
			digits[k] = (byte) value;
			at[k] = i;
			k += ~value >>> 31;
		}
		// the sums and group starts (a separator before digit k), also without a branch
		int same = 0;
		int other = 0;
		int groups = 0;
		int previous = -2; // digit 0 starts a group
		for (k = 0; k < count; k++) {
			int starts = at[k] - previous - 1;
			previous = at[k];
			ends[k] = (byte) (same | starts << 7);
			groupStarts[groups] = (long) k << 8 | other << 4 | same;
			groups += starts;
			int plain = digits[k];
			// digit k is of k's parity: at k + 1 the sum doubling it is the other one
			int next = other + plain;
			other = same + DOUBLED[plain];
			same = next >= 10 ? next - 10 : next;
			other = other >= 10 ? other - 10 : other;
		}
		ends[count] = (byte) (same | GROUP_END);
		// no group ends past the run: no window reaches beyond it
		LONGS.set(ends, count + 1, 0L);
		// first every group start, without a branch: the windows there that are cards (the
		// Luhn, brand, length and group-end checks at once), kept only where there is one
		int[] cardStarts = scratch.cardStarts;
		long[] cardWindows = scratch.cardWindows;
		int cardCount = 0;
		int checkable = groups; // the starts with a window of MIN digits or more: all but the last few
		while (checkable > 0 && (int) (groupStarts[checkable - 1] >>> 8) > count - MIN) {
			checkable--;
		}
		for (int i = 0; i < checkable; i++) {
			long group = groupStarts[i];
			int from = (int) (group >>> 8);
			// byte j of each: window j, of length MIN + j, ending at from + MIN + j. Its residue
			// at the start is same for even lengths (j even), other for odd ones
			long windows = (long) LONGS.get(ends, from + MIN) ^ START_RESIDUES[(int) group & 0xFF];
			// bit 7 of each byte where a group ends and the residues are equal (the low seven bits
			// are below 16: no carry between bytes), and where a brand issues that length here
			long cards = windows & ~((windows & RESIDUES) + RESIDUES) & ISSUED_BYTES[issuedLengths(digits, from)];
			cardStarts[cardCount] = from;
			cardWindows[cardCount] = cards;
			cardCount += (int) ((cards | -cards) >>> 63); // kept (1) where some window is a card
		}
		// then only the starts with a card (7 to 16% of the starts on random digit groups):
		// windows that overlap make one finding
		int spanStart = -1;
		int spanDigits = -1; // the digit the finding being built ends before
		for (int c = 0; c < cardCount; c++) {
			int start = cardStarts[c];
			// the longest of its windows: where it ends after spanDigits it extends the finding
			// being built (a start inside it), else the max below leaves the finding as it is.
			// Nothing here depends on the start before: no chain of latencies through the loop
			int longest = start + MIN + ((63 - Long.numberOfLeadingZeros(cardWindows[c])) >>> 3);
			if (start >= spanDigits) {
				if (spanStart >= 0) {
					found.add(new Finding(FindingType.CARD_NUMBER, spanStart, base + at[spanDigits - 1] + 1));
				}
				spanStart = base + at[start];
			}
			spanDigits = Math.max(spanDigits, longest);
		}
		if (spanStart >= 0) {
			found.add(new Finding(FindingType.CARD_NUMBER, spanStart, base + at[spanDigits - 1] + 1));
		}
	}

	/** Eight bytes read as one long, the first in the lowest bits. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	/** Four bytes read as one int, the first in the lowest bits. */
	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final int GROUP_END = 0x80;

	private static final long RESIDUES = 0x7F7F7F7F7F7F7F7FL;

	private static final long EVEN_BYTES = 0x0001000100010001L;

	private static final long ODD_BYTES = EVEN_BYTES << 8;

	/** Bit j of the index (a length MIN + j) as bit 7 of byte j. */
	private static final long[] ISSUED_BYTES = new long[256];

	static {
		for (int bits = 0; bits < ISSUED_BYTES.length; bits++) {
			for (int j = 0; j < 8; j++) {
				if ((bits & (1 << j)) != 0) {
					ISSUED_BYTES[bits] |= 0x80L << (8 * j);
				}
			}
		}
	}

	/**
	 * For a group start's residues (other in bits 4 to 7, same in bits 0 to 3, as
	 * {@code groupStarts} keeps them), the residue each of its eight windows is checked with:
	 * same in the bytes of even lengths, other in the odd ones. A look-up, not two multiplies.
	 */
	private static final long[] START_RESIDUES = new long[256];

	static {
		for (int residues = 0; residues < START_RESIDUES.length; residues++) {
			START_RESIDUES[residues] = (residues & 0xF) * EVEN_BYTES | (residues >>> 4) * ODD_BYTES;
		}
	}

	/** A digit doubled as the Luhn check doubles it (less 9 above 9). */
	private static final int[] DOUBLED = { 0, 2, 4, 6, 8, 1, 3, 5, 7, 9 };

	/** The arrays of {@link #findInRun}, kept per thread from run to run (most runs are short). */
	private static final class Scratch {

		byte[] digits = new byte[64];

		/** Read eight at a time from up to the last digit: eight bytes past it to spare. */
		byte[] ends = new byte[64 + 9];

		int[] at = new int[64];

		long[] groupStarts = new long[65];

		int[] cardStarts = new int[65];

		long[] cardWindows = new long[65];

		Scratch fit(int count, int groups) {
			if (this.digits.length < count) {
				int size = Math.max(count, this.digits.length * 2);
				this.digits = new byte[size];
				this.ends = new byte[size + 9];
				this.at = new int[size];
				this.cardStarts = new int[size + 1];
				this.cardWindows = new long[size + 1];
			}
			if (this.groupStarts.length < groups + 1) { // one past the last group: written, not read
				this.groupStarts = new long[Math.max(groups + 1, this.groupStarts.length * 2)];
			}
			return this;
		}

	}

	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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

	/** The four-digit prefixes {@link #LONG_PREFIXES} start with, from and to (inclusive). */
	private static final int LONG_PREFIXES_FROM = Arrays.stream(LONG_PREFIXES)
		.mapToInt(brand -> (int) (brand.from() / POWERS[brand.prefixDigits() - 4]))
		.min()
		.orElse(Integer.MAX_VALUE);

	private static final int LONG_PREFIXES_TO = Arrays.stream(LONG_PREFIXES)
		.mapToInt(brand -> (int) (brand.to() / POWERS[brand.prefixDigits() - 4]))
		.max()
		.orElse(-1);

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

	/**
	 * Whether a brand with a longer prefix issues a length that its four-digit prefix does not
	 * have in {@link #ISSUED} already; only then are a start's fifth and sixth digits read.
	 * (Discover's 622126 to 622925 issues 16 to 19 digits, which UnionPay's 62 issues too.)
	 */
	private static final boolean LONG_PREFIXES_ADD = Arrays.stream(LONG_PREFIXES)
		.anyMatch(brand -> {
			long scale = POWERS[brand.prefixDigits() - 4];
			for (long four = brand.from() / scale; four <= brand.to() / scale; four++) {
				if ((lengthBits(brand) & ~ISSUED[(int) four]) != 0) {
					return true;
				}
			}
			return false;
		});

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
	private static int issuedLengths(byte[] digits, int start) {
		// the four digits read as one int (one a byte, the first lowest): each byte times ten
		// plus the next gives 10 d0 + d1 in byte 0 and 10 d2 + d3 in byte 2 (none above 99, no
		// carry), and one multiply puts 100 (10 d0 + d1) + 10 d2 + d3 in bits 16 to 29
		int bytes = (int) INTS.get(digits, start);
		int pairs = (bytes * 10 + (bytes >>> 8)) & 0x00FF00FF;
		int four = pairs * (100 << 16 | 1) >>> 16;
		int issued = ISSUED[four] & 0xFF;
		if (!LONG_PREFIXES_ADD || four < LONG_PREFIXES_FROM || four > LONG_PREFIXES_TO) {
			return issued;
		}
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

	/**
	 * A single separator between groups: spaces (also no-break and thin), dashes and minus signs.
	 * An ASCII separator must sit below {@code '0'}: {@link #findInRun}'s digit loop reads an
	 * ASCII character's value as {@code c - '0'} and counts it a digit unless that is negative.
	 */
	public static boolean isSeparator(char c) {
		return SEPARATORS.contains(c);
	}

	private static final CharSet SEPARATORS = new CharSet(CardNumbers::isListedSeparator);

	private static boolean isListedSeparator(int c) {
		return switch (c) {
			case ' ', '-', '\u00A0', '\u2007', '\u2009', '\u202F', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212' -> true;
			default -> false;
		};
	}

}
