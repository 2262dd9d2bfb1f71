package ai.tombot.redaction;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;
import ai.tombot.redaction.internal.SocialSecurityNumbers;

/** Runs every detector over a text. Each is linear in the text's length. */
public final class Detectors {

	private Detectors() {
	}

	/** Every card number and SSN in {@code text}, in order of their start. */
	public static List<Finding> scan(CharSequence text) {
		List<Finding> cards = CardNumbers.find(text);
		List<Finding> ssns = SocialSecurityNumbers.find(text);
		// both in order: one merge; digits already found to be a card number are not an SSN too
		List<Finding> findings = new ArrayList<>(cards.size() + ssns.size());
		int c = 0;
		for (Finding ssn : ssns) {
			while (c < cards.size() && cards.get(c).end() <= ssn.start()) {
				findings.add(cards.get(c++));
			}
			boolean inCard = c < cards.size() && cards.get(c).start() < ssn.end();
			if (!inCard) {
				findings.add(ssn);
			}
		}
		while (c < cards.size()) {
			findings.add(cards.get(c++));
		}
		return findings;
	}

}
