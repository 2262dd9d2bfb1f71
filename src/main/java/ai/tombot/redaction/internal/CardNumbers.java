package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * Card numbers (PANs): 12 to 19 digits, as one run or in groups joined by single spaces or
 * dashes, that pass the Luhn check and start with a prefix a card brand issues at that
 * length. The brand check is what keeps Luhn-valid numbers that are no card (IMEIs, epoch
 * timestamps, order numbers) from matching. One pass over the text; per run of digit groups,
 * only windows of at most 19 digits are tried, so the time is linear in the text's length.
 */
public final class CardNumbers {

	private static final int MIN = 12;

	private static final int MAX = 19;

	/** Prefix ranges (inclusive, same number of digits) and the lengths issued in them. */
	private record Range(long from, long to, int prefixDigits, int minLength, int maxLength, int... only) {

		boolean matches(int[] digits, int start, int length) {
			if (length < this.minLength || length > this.maxLength) {
				return false;
			}
			if (this.only.length > 0 && java.util.Arrays.stream(this.only).noneMatch(allowed -> allowed == length)) {
				return false;
			}
			long prefix = 0;
			for (int i = 0; i < this.prefixDigits; i++) {
				prefix = prefix * 10 + digits[start + i];
			}
			return prefix >= this.from && prefix <= this.to;
		}

	}

	private static Range range(long from, long to, int minLength, int maxLength, int... only) {
		return new Range(from, to, Long.toString(from).length(), minLength, maxLength, only);
	}

	/** What the brands issue (ISO/IEC 7812 IIN ranges as the brands publish them). */
	private static final List<Range> BRANDS = List.of(
			range(4, 4, 13, 19, 13, 16, 19), // Visa
			range(51, 55, 16, 16), range(2221, 2720, 16, 16), // Mastercard
			range(34, 34, 15, 15), range(37, 37, 15, 15), // American Express
			range(6011, 6011, 16, 19), range(644, 649, 16, 19), range(65, 65, 16, 19),
			range(622126, 622925, 16, 19), // Discover
			range(300, 305, 14, 19), range(3095, 3095, 14, 19), range(36, 36, 14, 19), range(38, 39, 14, 19), // Diners
			range(3528, 3589, 16, 19), // JCB
			range(62, 62, 16, 19), // UnionPay
			range(50, 50, 12, 19), range(56, 58, 12, 19), range(6304, 6304, 12, 19), range(6759, 6759, 12, 19),
			range(6761, 6763, 12, 19), // Maestro
			range(2200, 2204, 16, 19), // Mir
			range(60, 60, 16, 16), range(81, 82, 16, 16), range(508, 508, 16, 16), // RuPay
			range(506099, 506198, 16, 19, 16, 18, 19), range(650002, 650027, 16, 19, 16, 18, 19), // Verve
			range(1, 1, 15, 15), // UATP
			range(9792, 9792, 16, 16)); // Troy

	private CardNumbers() {
	}

	public static List<Finding> find(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		int i = 0;
		// the digits of the current run, and where each of its groups starts and ends
		int[] digits = new int[64];
		List<int[]> groups = new ArrayList<>();
		while (i < n) {
			if (!isDigit(text.charAt(i))) {
				i++;
				continue;
			}
			groups.clear();
			int count = 0;
			int j = i;
			while (true) {
				int groupStart = j;
				int firstDigit = count;
				while (j < n && isDigit(text.charAt(j))) {
					if (count < digits.length) {
						digits[count] = text.charAt(j) - '0';
					}
					count++;
					j++;
				}
				groups.add(new int[] { groupStart, j, firstDigit, count });
				// a single space or dash followed by a digit continues the run
				if (j + 1 < n && isSeparator(text.charAt(j)) && isDigit(text.charAt(j + 1)) && count < digits.length) {
					j++;
					continue;
				}
				break;
			}
			findInRun(text, digits, Math.min(count, digits.length), groups, found);
			i = j;
		}
		return found;
	}

	/** Windows of whole groups, 12 to 19 digits: the longest valid one from each group on. */
	private static void findInRun(CharSequence text, int[] digits, int available, List<int[]> groups,
			List<Finding> found) {
		int a = 0;
		while (a < groups.size()) {
			int best = -1;
			int from = groups.get(a)[2];
			for (int b = a; b < groups.size(); b++) {
				int to = groups.get(b)[3];
				int length = to - from;
				if (length > MAX || to > available) {
					break;
				}
				if (length >= MIN && isCard(digits, from, length)) {
					best = b;
				}
			}
			if (best >= 0) {
				found.add(new Finding(FindingType.CARD_NUMBER, groups.get(a)[0], groups.get(best)[1]));
				a = best + 1;
			}
			else {
				a++;
			}
		}
	}

	static boolean isCard(int[] digits, int start, int length) {
		if (!luhn(digits, start, length)) {
			return false;
		}
		for (Range brand : BRANDS) {
			if (brand.matches(digits, start, length)) {
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

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isSeparator(char c) {
		return c == ' ' || c == '-';
	}

}
