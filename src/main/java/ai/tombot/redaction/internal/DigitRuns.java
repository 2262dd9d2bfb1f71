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
 * text): linear, and as fast on random text as on words.
 */
public final class DigitRuns {

	private final CharSequence text;

	/** Where runs start (even indexes) and end (odd ones). */
	private final int[] edges;

	private final int count;

	private final boolean otherDigits;

	private DigitRuns ascii;

	private DigitRuns(CharSequence text, int[] edges, int count, boolean otherDigits) {
		this.text = text;
		this.edges = edges;
		this.count = count;
		this.otherDigits = otherDigits;
	}

	/** The runs of decimal digits of any script in {@code text}. */
	public static DigitRuns of(CharSequence text) {
		return gather(text, CharClasses.DIGIT).runs();
	}

	/** What {@link #withClasses} gathers: the runs, every character's class bits OR-ed, and how many digits there are. */
	public record Gathered(DigitRuns runs, int classes, int digits) {
	}

	private static final int[] NO_EDGES = new int[0];

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
	 * then nothing is allocated for runs); from there on it also keeps the edges.
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
			return new Gathered(new DigitRuns(text, NO_EDGES, 0, false), seen, 0);
		}
		// from the first digit on, every position may be an edge, and one more is written past the last
		int[] edges = new int[n - i + 2];
		int shift = Integer.numberOfTrailingZeros(digit);
		int m = 0;
		int previous = 0;
		int other = 0;
		int digits = 0;
		for (; i < n; i++) {
			int bits = CharClasses.of(text.charAt(i));
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
		return new Gathered(new DigitRuns(text, edges, m / 2, otherDigits), seen, digits);
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
