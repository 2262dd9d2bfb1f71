package ai.tombot.redaction;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;
import ai.tombot.redaction.internal.EmailAddresses;
import ai.tombot.redaction.internal.Ibans;
import ai.tombot.redaction.internal.IpAddresses;
import ai.tombot.redaction.internal.SocialSecurityNumbers;

/**
 * Runs every detector over a text. Each is linear in the text's length, and so is putting
 * their findings together: where two overlap, the one of the stronger type stays (card number,
 * then SSN, IBAN, e-mail address, IP address), so digits of a card are never left to a type
 * that could be kept or shown.
 */
public final class Detectors {

	private Detectors() {
	}

	/** Every finding in {@code text}, none overlapping another, in order of their start. */
	public static List<Finding> scan(CharSequence text) {
		List<List<Finding>> byStrength = List.of(CardNumbers.find(text), SocialSecurityNumbers.find(text),
				Ibans.find(text), EmailAddresses.find(text), IpAddresses.find(text));
		int n = text.length();
		boolean[] taken = new boolean[n];
		Finding[] startingAt = new Finding[n];
		for (List<Finding> findings : byStrength) {
			for (Finding finding : findings) {
				boolean free = true;
				for (int i = finding.start(); i < finding.end() && free; i++) {
					free = !taken[i];
				}
				if (free) {
					for (int i = finding.start(); i < finding.end(); i++) {
						taken[i] = true;
					}
					startingAt[finding.start()] = finding;
				}
			}
		}
		List<Finding> all = new ArrayList<>();
		for (Finding finding : startingAt) {
			if (finding != null) {
				all.add(finding);
			}
		}
		return all;
	}

}
