package ai.tombot.redaction;

import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;

/**
 * What a finding becomes when it is redacted (irreversibly): a card number keeps at most its
 * last four digits, {@code [CARD •••• 4242]} (PCI DSS 3.4.1), and none when the finding is
 * more than one card's digits (a card typed with its security code, or beside another number):
 * {@code [CARD]}. An SSN becomes {@code [SSN]}, and the other types {@code [EMAIL]},
 * {@code [PHONE]}, {@code [IBAN]}, {@code [IP_ADDRESS]} (what a tenant's policy does with those instead, such
 * as tokenising or keeping them, comes with the ingest path).
 */
public final class Redactions {

	private Redactions() {
	}

	/** {@code text} with every finding replaced; the findings are in order and do not overlap. */
	public static String redact(String text, List<Finding> findings) {
		StringBuilder out = new StringBuilder(text.length());
		int at = 0;
		for (Finding finding : findings) {
			out.append(text, at, finding.start());
			out.append(replacement(text.substring(finding.start(), finding.end()), finding.type()));
			at = finding.end();
		}
		return out.append(text, at, text.length()).toString();
	}

	private static String replacement(String value, FindingType type) {
		return switch (type) {
			// the last four only of a span that is one card: else they could be a security code
			case CARD_NUMBER -> CardNumbers.isSingleCard(value) ? "[CARD •••• " + lastDigits(value, 4) + "]" : "[CARD]";
			case US_SSN -> "[SSN]";
			case EMAIL -> "[EMAIL]";
			case PHONE -> "[PHONE]";
			case IBAN -> "[IBAN]";
			case IP_ADDRESS -> "[IP_ADDRESS]";
		};
	}

	private static String lastDigits(String value, int count) {
		StringBuilder digits = new StringBuilder(count);
		for (int i = value.length() - 1; i >= 0 && digits.length() < count; i--) {
			int digit = Character.digit(value.charAt(i), 10);
			if (digit >= 0) {
				digits.append((char) ('0' + digit));
			}
		}
		return digits.reverse().toString();
	}

}
