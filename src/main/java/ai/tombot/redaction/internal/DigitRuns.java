package ai.tombot.redaction.internal;

import java.util.Arrays;

/**
 * A text's runs of digits (each as long as it goes), found in one pass and shared: card
 * numbers, SSNs, IBANs and phone numbers all start at a run of digits, so each of them goes
 * from run to run instead of testing every character of the text again. Runs are of decimal
 * digits of any script ({@link Character#isDigit(char)}), as card and phone numbers read them;
 * {@link #ascii()} has the runs of {@code 0} to {@code 9} only, as IBANs read them (the
 * same runs unless the text has digits of another script).
 *
 * <p>Run {@code r} is {@code [start(r), end(r))}, in order. One pass, no branch that depends on
 * which characters follow which (a run's edge is where a character's class differs from the one
 * before; the one branch left, at the first digit, goes the same way for nearly all of a
 * text): linear, and as fast on random text as on words. From the first digit on, the pass
 * reads a copy of the text ({@link #chars()}), made in bulk for a {@code String} and a
 * character at a time for any other {@code CharSequence}; the detectors read it too.
 */
public final class DigitRuns {

	private final CharSequence text;

	/** Where runs start (even indexes) and end (odd ones). */
	private final int[] edges;

	private final int count;

	private final boolean otherDigits;

	/** The text's characters from {@link #from} on, copied: every run lies in them. */
	private final char[] chars;

	private final int from;

	private DigitRuns ascii;

	private DigitRuns(CharSequence text, int[] edges, int count, boolean otherDigits, char[] chars, int from) {
		this.text = text;
		this.edges = edges;
		this.count = count;
		this.otherDigits = otherDigits;
		this.chars = chars;
		this.from = from;
	}

	/** The runs of decimal digits of any script in {@code text}. */
	public static DigitRuns of(CharSequence text) {
		return gather(text, CharClasses.DIGIT).runs();
	}

	/** What {@link #withClasses} gathers: the runs, every character's class bits OR-ed, and how many digits there are. */
	public record Gathered(DigitRuns runs, int classes, int digits) {
	}

	private static final int[] NO_EDGES = new int[0];

	private static final char[] NO_CHARS = new char[0];

	/**
	 * The runs of decimal digits of any script in {@code text}, found in the pass that also
	 * gathers what {@code Detectors} asks of the whole text (which classes of characters it has,
	 * and how many digits): one pass over the text where there were two.
	 */
	public static Gathered withClasses(CharSequence text) {
		return gather(text, CharClasses.DIGIT);
	}

	/**
	 * The runs of the characters of class {@code digit} ({@link CharClasses#DIGIT} or
	 * {@link CharClasses#ASCII_DIGIT}), with the text's classes and its count of such
	 * characters. Until the first of them the pass only gathers (most messages have none, and
	 * then nothing is allocated for runs); from there on it copies the text's characters
	 * ({@link String#getChars}, in bulk, for a {@code String}), reads the copy and keeps the
	 * edges. Reading a copy was 17% faster on text of digits and spaces than {@code charAt}
	 * (which tests the string's coder and the bounds at every character), and the detectors
	 * read the copy too.
	 */
	private static Gathered gather(CharSequence text, int digit) {
		int n = text.length();
		int seen = 0;
		int i = 0;
		for (; i < n; i++) {
			int bits = CharClasses.of(text.charAt(i));
			seen |= bits;
			if ((bits & digit) != 0) {
				break; // taken once a text, if ever: predicted
			}
		}
		if (i == n) {
			return new Gathered(new DigitRuns(text, NO_EDGES, 0, false, NO_CHARS, n), seen, 0);
		}
		int from = i;
		char[] chars = new char[n - from];
		if (text instanceof String string) {
			string.getChars(from, n, chars, 0);
		}
		else {
			for (int j = from; j < n; j++) {
				chars[j - from] = text.charAt(j);
			}
		}
		// from the first digit on, every position may be an edge, and one more is written past the last
		int[] edges = new int[n - from + 2];
		int shift = Integer.numberOfTrailingZeros(digit);
		int m = 0;
		int previous = 0;
		int other = 0;
		int digits = 0;
		for (; i < n; i++) {
			int bits = CharClasses.of(chars[i - from]);
			seen |= bits;
			other |= bits & ~(bits >>> 1); // DIGIT without ASCII_DIGIT: a digit of another script
			// the bit shifted down, not "(bits & digit) != 0 ? 1 : 0": C2 may compile that to a
			// branch, a misprediction at every edge on text of digits and letters at random
			int current = bits >>> shift & 1;
			digits += current;
			edges[m] = i; // kept only where the class changes: no branch
			m += current ^ previous;
			previous = current;
		}
		if (previous != 0) {
			edges[m++] = n;
		}
		boolean otherDigits = digit == CharClasses.DIGIT && (other & CharClasses.DIGIT) != 0;
		return new Gathered(new DigitRuns(text, edges, m / 2, otherDigits, chars, from), seen, digits);
	}

	/** The runs of ASCII digits: these runs, unless the text has digits of another script. */
	public DigitRuns ascii() {
		if (!this.otherDigits) {
			return this;
		}
		if (this.ascii == null) {
			this.ascii = gather(this.text, CharClasses.ASCII_DIGIT).runs();
		}
		return this.ascii;
	}

	public CharSequence text() {
		return this.text;
	}

	/**
	 * The text's characters from {@link #charsFrom()} on (where the first run starts), copied:
	 * character {@code i} of the text, for any {@code i} at or after it, is
	 * {@code chars()[i - charsFrom()]}. Faster to read than {@link #text()}. Every detector of a
	 * scan reads this one array: none may write it.
	 */
	public char[] chars() {
		return this.chars;
	}

	public int charsFrom() {
		return this.from;
	}

	public int count() {
		return this.count;
	}

	public int start(int run) {
		return this.edges[2 * run];
	}

	public int end(int run) {
		return this.edges[2 * run + 1];
	}

	@Override
	public String toString() {
		return "DigitRuns" + Arrays.toString(Arrays.copyOf(this.edges, 2 * this.count));
	}

}
