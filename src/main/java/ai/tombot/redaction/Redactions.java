package ai.tombot.redaction;

import java.util.List;

/**
 * What a finding becomes when it is redacted (irreversibly): a card number keeps at most its
 * last four digits, {@code [CARD •••• 4242]} (PCI DSS 3.4.1); an SSN becomes {@code [SSN]}.
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
			case CARD_NUMBER -> "[CARD •••• " + lastDigits(value, 4) + "]";
			case US_SSN -> "[SSN]";
		};
	}

	private static String lastDigits(String value, int count) {
		StringBuilder digits = new StringBuilder(count);
		for (int i = value.length() - 1; i >= 0 && digits.length() < count; i--) {
			if (Character.isDigit(value.charAt(i))) {
				digits.append(value.charAt(i));
			}
		}
		return digits.reverse().toString();
	}

}
