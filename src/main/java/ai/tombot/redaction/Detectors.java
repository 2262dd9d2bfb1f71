package ai.tombot.redaction;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;
import ai.tombot.redaction.internal.CharClasses;
import ai.tombot.redaction.internal.DigitRuns;
import ai.tombot.redaction.internal.EmailAddresses;
import ai.tombot.redaction.internal.Ibans;
import ai.tombot.redaction.internal.IpAddresses;
import ai.tombot.redaction.internal.PhoneNumbers;
import ai.tombot.redaction.internal.SocialSecurityNumbers;

/**
 * Runs every detector over a text. Each is linear in the text's length, and so is putting
 * their findings together: findings that overlap (or touch) become one, over all they cover,
 * with the strongest type among them (card number, then SSN, IBAN, e-mail address, phone
 * number, IP address), so digits of a card are never left to a type that could be kept or
 * shown.
 *
 * <p>One pass ({@link DigitRuns#withClasses}) counts what the detectors need (digits, {@code @},
 * {@code :}, letters) and finds the text's runs of digits, once for the four detectors that
 * start at one (cards, SSNs, IBANs, phone numbers), which then go from run to run. Only the
 * detectors that could find something run: most messages have no digits and no {@code @}, and
 * cost that one pass. Phone numbers, the dearest to check, are looked for last among the
 * stronger types, and not inside their findings.
 */
public final class Detectors {

	private Detectors() {
	}

	/** The region of phone numbers written without a country code, unless a caller names one. */
	public static final String DEFAULT_REGION = "US";

	/** The fewest digits of a card number, an SSN, an IBAN, a phone number and an IPv4 address. */
	private static final int CARD_DIGITS = 12;

	private static final int SSN_DIGITS = 9;

	private static final int IBAN_DIGITS = 2;

	/** The shortest IBANs (Norway's). */
	private static final int IBAN_LENGTH = 15;

	private static final int PHONE_DIGITS = 6;

	private static final int IPV4_DIGITS = 4;

	private static final int IPV4_DOTS = 3;

	/** {@link #scan(CharSequence, String)} with phone numbers of {@link #DEFAULT_REGION}. */
	public static List<Finding> scan(CharSequence text) {
		return scan(text, DEFAULT_REGION);
	}

	/**
	 * Every finding in {@code text}, none overlapping another, in order of their start.
	 *
	 * @param region the country (ISO 3166-1 alpha-2) of phone numbers written without a country code
	 */
	public static List<Finding> scan(CharSequence text, String region) {
		int n = text.length();
		// one pass: the classes of characters the text has, its digits, and its runs of digits
		DigitRuns.Gathered gathered = DigitRuns.withClasses(text);
		int digits = gathered.digits();
		int seen = gathered.classes();
		boolean at = (seen & CharClasses.AT) != 0;
		boolean colon = (seen & CharClasses.COLON) != 0;
		boolean letters = (seen & CharClasses.ASCII_LETTER) != 0;
		if (digits < IBAN_DIGITS && !at && !colon) {
			return List.of(); // most messages: no detector could find anything
		}
		DigitRuns runs = gathered.runs();
		List<Finding> cards = digits >= CARD_DIGITS ? CardNumbers.find(runs) : List.of();
		List<Finding> ssns = digits >= SSN_DIGITS ? SocialSecurityNumbers.find(runs) : List.of();
		// an IBAN starts with two ASCII letters: text of digits and separators alone has none
		List<Finding> ibans = digits >= IBAN_DIGITS && n >= IBAN_LENGTH && letters ? Ibans.find(runs) : List.of();
		List<Finding> emails = at ? EmailAddresses.find(text) : List.of();
		List<Finding> phones = List.of();
		if (digits >= PHONE_DIGITS) {
			List<Finding> stronger = merge(List.of(cards, ssns, ibans, emails));
			phones = PhoneNumbers.find(runs, region, stronger);
		}
		// an IPv6 address has a colon; an IPv4 one four numbers joined by three dots
		List<Finding> ips = colon || digits >= IPV4_DIGITS && hasDots(text, IPV4_DOTS) ? IpAddresses.find(text) : List.of();
		return merge(List.of(cards, ssns, ibans, emails, phones, ips));
	}

	/**
	 * Whether the text has at least {@code wanted} ASCII full stops. Read only when the IP
	 * detector might run, not in the first pass: a test per character there cost more on text
	 * of random separators than it saved.
	 */
	private static boolean hasDots(CharSequence text, int wanted) {
		int found = 0;
		if (text instanceof String string) {
			for (int at = string.indexOf('.'); at >= 0 && ++found < wanted; at = string.indexOf('.', at + 1)) {
				// indexOf is an intrinsic: fast on long text without dots
			}
			return found >= wanted;
		}
		for (int i = 0; i < text.length() && found < wanted; i++) {
			if (text.charAt(i) == '.') {
				found++;
			}
		}
		return found >= wanted;
	}

	/**
	 * Findings that overlap or touch become one, their union, labelled with the strongest type
	 * among them: nothing a weaker finding covered is left in clear, and card digits always get
	 * the card's treatment. Each list is in order of start and comes strongest first; one
	 * sweep takes the finding that starts first among the lists' heads: linear.
	 */
	private static List<Finding> merge(List<List<Finding>> byStrength) {
		List<Finding> only = List.of();
		int found = 0;
		for (List<Finding> findings : byStrength) {
			if (!findings.isEmpty()) {
				only = findings;
				found++;
			}
		}
		if (found == 0) {
			return List.of(); // most scanned messages: nothing found
		}
		if (found == 1 && !overlapping(only)) {
			// one detector found something (most messages with a finding), and its findings are
			// apart: they are the union already. The sweep below calls List methods several times
			// a finding on lists of several classes (megamorphic calls): on a text of thousands of
			// card numbers that was 5% of the time
			return only;
		}
		int lists = byStrength.size();
		int[] next = new int[lists];
		int total = 0;
		for (List<Finding> findings : byStrength) {
			total += findings.size();
		}
		if (total == 0) {
			return List.of();
		}
		List<Finding> merged = new ArrayList<>();
		int unionStart = -1;
		int unionEnd = -1;
		int strongest = -1;
		for (int taken = 0; taken < total; taken++) {
			int first = -1;
			for (int k = 0; k < lists; k++) {
				if (next[k] < byStrength.get(k).size() && (first < 0
						|| byStrength.get(k).get(next[k]).start() < byStrength.get(first).get(next[first]).start())) {
					first = k;
				}
			}
			Finding finding = byStrength.get(first).get(next[first]++);
			if (unionStart >= 0 && finding.start() <= unionEnd) {
				unionEnd = Math.max(unionEnd, finding.end());
				strongest = Math.min(strongest, first);
			}
			else {
				if (unionStart >= 0) {
					merged.add(union(byStrength, strongest, unionStart, unionEnd));
				}
				unionStart = finding.start();
				unionEnd = finding.end();
				strongest = first;
			}
		}
		merged.add(union(byStrength, strongest, unionStart, unionEnd));
		return merged;
	}

	/** Whether any of these findings (in order of start) overlaps or touches one before it. */
	private static boolean overlapping(List<Finding> findings) {
		int end = -1;
		for (Finding finding : findings) {
			if (finding.start() <= end) {
				return true;
			}
			end = Math.max(end, finding.end());
		}
		return false;
	}

	private static Finding union(List<List<Finding>> byStrength, int strongest, int start, int end) {
		return new Finding(byStrength.get(strongest).get(0).type(), start, end);
	}

}
