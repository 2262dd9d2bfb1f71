package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * IBANs (ISO 13616): a country code, two check digits and the account, as one run or in
 * groups joined by single separators (spaces, no-break and thin spaces, dashes), exactly as long as the country's IBANs are, and passing
 * the mod-97 check. Each candidate start reads at most one IBAN's length ahead: linear time.
 */
public final class Ibans {

	/** The length of each country's IBANs (the SWIFT IBAN registry). */
	private static final Map<String, Integer> LENGTHS = Map.ofEntries(Map.entry("AD", 24), Map.entry("AE", 23),
			Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16),
			Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21),
			Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18),
			Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18),
			Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
			Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
			Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27),
			Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LC", 32),
			Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("LY", 25),
			Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27),
			Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24),
			Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24),
			Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24),
			Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
			Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
			Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("BI", 27), Map.entry("DJ", 27), Map.entry("FK", 18),
			Map.entry("HN", 28), Map.entry("MN", 20), Map.entry("NI", 28), Map.entry("OM", 23), Map.entry("RU", 33),
			Map.entry("SO", 23), Map.entry("YE", 30));

	/**
	 * Each character's place in the alphabet for {@link #BY_LETTERS}: 0 to 25 for the ASCII
	 * letters (either case), {@link #NOT_A_LETTER} for every other character below 128.
	 */
	private static final byte[] LETTER_CODES = new byte[128];

	private static final int NOT_A_LETTER = 26;

	/**
	 * {@link #LENGTHS} by the two characters' {@link #LETTER_CODES} (A as 0), 0 for none: a
	 * look-up without a string, and 0 where either is no ASCII letter.
	 */
	private static final byte[] BY_LETTERS = new byte[27 * 27];

	static {
		for (char c = 0; c < LETTER_CODES.length; c++) {
			LETTER_CODES[c] = (byte) (asciiLetter(c) ? letter(c) : NOT_A_LETTER);
		}
		LENGTHS.forEach((country, length) -> BY_LETTERS[(country.charAt(0) - 'A') * 27 + country.charAt(1) - 'A'] = length.byteValue());
	}

	private Ibans() {
	}

	/** An ASCII letter's place in the alphabet, either case (A and a as 0). */
	private static int letter(char c) {
		return (c | 0x20) - 'a';
	}

	/** The length of the IBANs of {@code country} (two upper-case letters); null for a country without IBANs. */
	static Integer lengthOf(String country) {
		return LENGTHS.get(country);
	}

	public static List<Finding> find(CharSequence text) {
		return find(DigitRuns.of(text));
	}

	/**
	 * {@link #find(CharSequence)} over the text's runs of digits: an IBAN's check digits start
	 * a run of two digits or more, two letters after its start.
	 */
	public static List<Finding> find(DigitRuns text) {
		DigitRuns runs = text.ascii();
		CharSequence chars = runs.text();
		List<Finding> found = new ArrayList<>();
		int next = 0; // where the next IBAN may start: after the last one found
		for (int r = 0; r < runs.count(); r++) {
			int i = runs.start(r) - 2;
			if (i < next) {
				continue;
			}
			// the country's length first: one look-up, nearly always 0 (two letters naming a country
			// with IBANs are rare). The tests of "startsHere" one by one came first before, and on
			// random text each was a misprediction at every run of digits
			int length = countryLength(chars.charAt(i), chars.charAt(i + 1));
			if (length == 0 || runs.end(r) - runs.start(r) < 2 || !startsHere(chars, i)) {
				continue;
			}
			int end = endOf(chars, i, length);
			if (end > 0 && mod97(chars, i, end) == 1) {
				found.add(new Finding(FindingType.IBAN, i, end));
				next = end;
			}
		}
		return found;
	}

	/** The length of the IBANs of the country whose code is {@code first} and {@code second}, 0 for none (or no letters). */
	private static int countryLength(char first, char second) {
		int a = first < 128 ? LETTER_CODES[first] : NOT_A_LETTER;
		int b = second < 128 ? LETTER_CODES[second] : NOT_A_LETTER;
		return BY_LETTERS[a * 27 + b];
	}

	/** Two ASCII letters (and two digits after them), not inside a longer word or number. */
	private static boolean startsHere(CharSequence text, int i) {
		return asciiLetter(text.charAt(i)) && asciiLetter(text.charAt(i + 1))
				&& (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)));
	}

	/** Where an IBAN of {@code length} characters starting at {@code start} ends; -1 when none does. */
	private static int endOf(CharSequence text, int start, int length) {
		int n = text.length();
		int count = 0;
		int i = start;
		while (i < n && count < length) {
			char c = text.charAt(i);
			if (asciiLetter(c) || asciiDigit(c)) {
				count++;
				i++;
			}
			else if (CardNumbers.isSeparator(c) && count > 0 && i + 1 < n
					&& (asciiLetter(text.charAt(i + 1)) || asciiDigit(text.charAt(i + 1)))) {
				i++;
			}
			else {
				break;
			}
		}
		boolean alone = i >= n || !Character.isLetterOrDigit(text.charAt(i));
		return count == length && alone ? i : -1;
	}

	/** The ISO 7064 MOD 97-10 remainder: the first four characters moved to the end, letters as 10 to 35. */
	private static int mod97(CharSequence text, int start, int end) {
		StringBuilder head = new StringBuilder(4);
		int remainder = 0;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (!asciiLetter(c) && !asciiDigit(c)) {
				continue; // a separator between groups
			}
			if (head.length() < 4) {
				head.append(c);
			}
			else {
				remainder = step(remainder, c);
			}
		}
		for (int i = 0; i < head.length(); i++) {
			remainder = step(remainder, head.charAt(i));
		}
		return remainder;
	}

	private static int step(int remainder, char c) {
		if (asciiDigit(c)) {
			return (remainder * 10 + (c - '0')) % 97;
		}
		int value = Character.toUpperCase(c) - 'A' + 10;
		return (remainder * 100 + value) % 97;
	}

	private static boolean asciiLetter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	}

	private static boolean asciiDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
