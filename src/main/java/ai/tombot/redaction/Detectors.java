package ai.tombot.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;
import ai.tombot.redaction.internal.SocialSecurityNumbers;

/** Runs every detector over a text. Each is linear in the text's length. */
public final class Detectors {

	private Detectors() {
	}

	/** Every card number and SSN in {@code text}, in order of their start. */
	public static List<Finding> scan(CharSequence text) {
		List<Finding> findings = new ArrayList<>(CardNumbers.find(text));
		for (Finding ssn : SocialSecurityNumbers.find(text)) {
			// digits already found to be a card number are not an SSN as well
			if (findings.stream().noneMatch(card -> card.start() < ssn.end() && ssn.start() < card.end())) {
				findings.add(ssn);
			}
		}
		findings.sort(Comparator.comparingInt(Finding::start));
		return findings;
	}

}
