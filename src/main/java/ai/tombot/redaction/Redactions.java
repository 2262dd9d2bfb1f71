package ai.tombot.redaction;

import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;

/**
 * What a finding becomes when it is redacted (irreversibly): a card number keeps at most its
 * last four digits, {@code [CARD •••• 4242]} (PCI DSS 3.4.1), and none when the finding is
 * more than one card's digits (a card typed with its security code, or beside another number):
 * {@code [CARD]}. An SSN becomes {@code [SSN]}, and the other types {@code [EMAIL]},
 * {@code [PHONE]}, {@code [IBAN]}, {@code [IP_ADDRESS]}. A tenant's {@link RedactionPolicy} may
 * tokenize or keep those instead ({@link #apply}).
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

	/**
	 * A token a policy puts in place of a value: the same for the same value, e.g. {@code tk_…}
	 * of letters, digits, {@code _} and {@code -}. Whoever makes it keeps the value to reveal.
	 */
	@FunctionalInterface
	public interface Tokenizer {

		String token(FindingType type, String value);

	}

	/**
	 * A text after a policy was applied.
	 * @param counts how many findings of each type were redacted or tokenized; kept ones are not counted
	 */
	public record Applied(String text, java.util.Map<FindingType, Integer> counts) {
	}

	/**
	 * {@code text} with every finding redacted, tokenized ({@code [EMAIL:tk_…]}) or kept, as the
	 * policy says; the findings are in order and do not overlap.
	 */
	public static Applied apply(String text, List<Finding> findings, RedactionPolicy policy, Tokenizer tokenizer) {
		if (findings.isEmpty()) {
			return new Applied(text, java.util.Map.of());
		}
		java.util.Map<FindingType, Integer> counts = new java.util.EnumMap<>(FindingType.class);
		StringBuilder out = new StringBuilder(text.length());
		int at = 0;
		for (Finding finding : findings) {
			RedactionPolicy.Action action = policy.actionFor(finding.type());
			if (action == RedactionPolicy.Action.KEEP) {
				continue;
			}
			String value = text.substring(finding.start(), finding.end());
			out.append(text, at, finding.start());
			out.append(action == RedactionPolicy.Action.REDACT ? replacement(value, finding.type())
					: "[" + label(finding.type()) + ":" + tokenizer.token(finding.type(), value) + "]");
			counts.merge(finding.type(), 1, Integer::sum);
			at = finding.end();
		}
		return new Applied(out.append(text, at, text.length()).toString(), counts);
	}

	/** The name a type has in replacements: {@code CARD}, {@code SSN}, {@code EMAIL}, {@code PHONE}, {@code IBAN}, {@code IP_ADDRESS}. */
	public static String label(FindingType type) {
		return switch (type) {
			case CARD_NUMBER -> "CARD";
			case US_SSN -> "SSN";
			default -> type.name();
		};
	}

	private static String replacement(String value, FindingType type) {
		return switch (type) {
			// the last four only of a span that is one card: else they could be a security code
			case CARD_NUMBER -> CardNumbers.isSingleCard(value) ? "[CARD •••• " + lastDigits(value, 4) + "]" : "[CARD]";
			default -> "[" + label(type) + "]";
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
