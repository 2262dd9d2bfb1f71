package ai.tombot.redaction.internal;

/**
 * What the detectors ask of a single character, as bits read from one table for the Latin-1
 * range (where nearly all text is) and computed with {@link Character} above it. A chain of
 * tests ({@code c >= '0' && c <= '9' || c == ':' || …}) is a branch per test, and on random
 * text each is mispredicted half the time; a table look-up is none. Every bit is defined once,
 * in {@link #compute(char)}, and the table is filled from it, so both ways agree.
 */
public final class CharClasses {

	/** A decimal digit of any script ({@link Character#isDigit(char)}). */
	public static final int DIGIT = 1;

	/** {@code 0} to {@code 9}. The bit above {@link #DIGIT}: {@link DigitRuns} relies on it. */
	public static final int ASCII_DIGIT = 1 << 1;

	public static final int AT = 1 << 2;

	public static final int COLON = 1 << 3;

	public static final int DOT = 1 << 4;

	/** What an IP address is written with: ASCII hex digits, colons and dots. */
	public static final int ADDRESS = 1 << 5;

	/** {@code A} to {@code Z} and {@code a} to {@code z}. */
	public static final int ASCII_LETTER = 1 << 6;

	/** {@link Character#isLetterOrDigit(char)}. */
	public static final int LETTER_OR_DIGIT = 1 << 7;

	/** What an e-mail address's local part may hold. */
	public static final int LOCAL = 1 << 8;

	/** What an e-mail address's domain may hold. */
	public static final int DOMAIN = 1 << 9;

	private static final String LOCAL_SYMBOLS = ".!#$%&'*+/=?^_`{|}~-";

	private static final short[] LATIN1 = new short[256];

	static {
		for (char c = 0; c < LATIN1.length; c++) {
			LATIN1[c] = (short) compute(c);
		}
	}

	private CharClasses() {
	}

	/** The bits of {@code c}. */
	public static int of(char c) {
		return c < 256 ? LATIN1[c] : compute(c);
	}

	private static int compute(char c) {
		int bits = 0;
		if (Character.isDigit(c)) {
			bits |= DIGIT;
		}
		if (c >= '0' && c <= '9') {
			bits |= ASCII_DIGIT;
		}
		if (c == '@') {
			bits |= AT;
		}
		if (c == ':') {
			bits |= COLON;
		}
		if (c == '.') {
			bits |= DOT;
		}
		if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.') {
			bits |= ADDRESS;
		}
		if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			bits |= ASCII_LETTER;
		}
		if (Character.isLetterOrDigit(c)) {
			bits |= LETTER_OR_DIGIT | LOCAL | DOMAIN;
		}
		if (LOCAL_SYMBOLS.indexOf(c) >= 0) {
			bits |= LOCAL;
		}
		if (c == '.' || c == '-') {
			bits |= DOMAIN;
		}
		return bits;
	}

}
