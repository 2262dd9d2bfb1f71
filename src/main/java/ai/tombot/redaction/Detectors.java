package ai.tombot.redaction;

import java.util.ArrayList;
import java.util.List;

import ai.tombot.redaction.internal.CardNumbers;
import ai.tombot.redaction.internal.EmailAddresses;
import ai.tombot.redaction.internal.Ibans;
import ai.tombot.redaction.internal.IpAddresses;
import ai.tombot.redaction.internal.PhoneNumbers;
import ai.tombot.redaction.internal.SocialSecurityNumbers;

/**
 * Runs every detector over a text. Each is linear in the text's length, and so is putting
 * their findings together: findings that overlap become one, over all they cover, with the
 * strongest type among them (card number, then SSN, IBAN, e-mail address, phone number, IP
 * address), so digits of a card are never left to a type that could be kept or shown.
 */
public final class Detectors {

	private Detectors() {
	}

	/** The region of phone numbers written without a country code, unless a caller names one. */
	public static final String DEFAULT_REGION = "US";

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
		List<List<Finding>> byStrength = List.of(CardNumbers.find(text), SocialSecurityNumbers.find(text),
				Ibans.find(text), EmailAddresses.find(text), PhoneNumbers.find(text, region), IpAddresses.find(text));
		// overlapping findings become one, their union, labelled with the strongest type among
		// them: nothing a weaker finding covered is left in clear, and card digits always get
		// the card's treatment. A difference array and one sweep: linear.
		if (byStrength.stream().allMatch(List::isEmpty)) {
			return List.of(); // most messages: no arrays the length of the text
		}
		int n = text.length();
		int[] depth = new int[n + 1];
		for (List<Finding> findings : byStrength) {
			for (Finding finding : findings) {
				depth[finding.start()]++;
				depth[finding.end()]--;
			}
		}
		int[] unionEnd = new int[n];
		int open = 0;
		int unionStart = -1;
		for (int i = 0; i <= n; i++) {
			int before = open;
			open += depth[i];
			if (before == 0 && open > 0) {
				unionStart = i;
			}
			else if (before > 0 && open == 0) {
				unionEnd[unionStart] = i;
			}
		}
		// the union each position lies in, and the strongest type that touches it
		int[] unionOf = new int[n];
		java.util.Arrays.fill(unionOf, -1);
		for (int i = 0; i < n; i++) {
			if (unionEnd[i] > 0) {
				for (int j = i; j < unionEnd[i]; j++) {
					unionOf[j] = i;
				}
				i = unionEnd[i] - 1;
			}
		}
		FindingType[] strongest = new FindingType[n];
		for (List<Finding> findings : byStrength) {
			for (Finding finding : findings) {
				int union = unionOf[finding.start()];
				if (strongest[union] == null) {
					strongest[union] = finding.type(); // lists come strongest first
				}
			}
		}
		List<Finding> all = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (unionEnd[i] > 0) {
				all.add(new Finding(strongest[i], i, unionEnd[i]));
				i = unionEnd[i] - 1;
			}
		}
		return all;
	}

}
