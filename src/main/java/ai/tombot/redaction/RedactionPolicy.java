package ai.tombot.redaction;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * What a tenant does with each type of sensitive data found in a message, and the country of
 * phone numbers written without a country code. Card numbers and SSNs are always redacted.
 *
 * @param actions one action per type, every type present
 * @param phoneRegion ISO 3166-1 alpha-2 code that libphonenumber knows, upper case
 */
public record RedactionPolicy(Map<FindingType, Action> actions, String phoneRegion) {

	/** What becomes of a finding. */
	public enum Action {

		/** Replaced irreversibly: {@code [CARD •••• 4242]}, {@code [SSN]}, {@code [EMAIL]}… */
		REDACT,

		/** Replaced by a stable token, {@code [EMAIL:tk_…]}; the value is kept encrypted under the subject's key. */
		TOKENIZE,

		/** Left as it is. */
		KEEP

	}

	private static final Set<FindingType> REDACT_ONLY = Set.of(FindingType.CARD_NUMBER, FindingType.US_SSN);

	/** Cards and SSNs redacted; e-mail addresses, phone numbers and IBANs tokenized; IP addresses kept; US numbers. */
	public static final RedactionPolicy DEFAULT = new RedactionPolicy(Map.of(FindingType.CARD_NUMBER, Action.REDACT,
			FindingType.US_SSN, Action.REDACT, FindingType.EMAIL, Action.TOKENIZE, FindingType.PHONE, Action.TOKENIZE,
			FindingType.IBAN, Action.TOKENIZE, FindingType.IP_ADDRESS, Action.KEEP), Detectors.DEFAULT_REGION);

	/** @throws IllegalArgumentException naming what is wrong: a type without action, a card or SSN not redacted, an unknown region */
	public RedactionPolicy {
		boolean complete = actions != null;
		for (FindingType type : FindingType.values()) {
			complete &= complete && actions.get(type) != null; // not containsValue(null): Map.of throws on it
		}
		if (!complete) {
			throw new IllegalArgumentException("a redaction policy names an action for every type: "
					+ Arrays.toString(FindingType.values()));
		}
		for (FindingType type : REDACT_ONLY) {
			if (actions.get(type) != Action.REDACT) {
				throw new IllegalArgumentException(type + " can only be REDACT, not " + actions.get(type));
			}
		}
		if (phoneRegion == null || !PhoneNumberUtil.getInstance().getSupportedRegions().contains(phoneRegion)) {
			throw new IllegalArgumentException("phoneRegion must be a country code that has phone numbers, such as "
					+ "US or DE, not '" + phoneRegion + "'");
		}
		actions = Collections.unmodifiableMap(new EnumMap<>(actions));
	}

	public Action actionFor(FindingType type) {
		return this.actions.get(type);
	}

	/**
	 * This policy with the given actions changed; types not named keep theirs.
	 * @throws IllegalArgumentException as the constructor
	 */
	public RedactionPolicy with(Map<FindingType, Action> changes, String region) {
		Map<FindingType, Action> merged = new EnumMap<>(this.actions);
		merged.putAll(changes);
		return new RedactionPolicy(merged, region == null ? this.phoneRegion : region.toUpperCase(Locale.ROOT));
	}

	/** As stored: {@code TYPE=ACTION} pairs where they differ from the default, comma-separated; empty for the default actions. */
	public String storedActions() {
		return this.actions.entrySet()
			.stream()
			.filter(entry -> entry.getValue() != DEFAULT.actionFor(entry.getKey()))
			.map(entry -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(","));
	}

	/** The policy that {@link #storedActions()} wrote; null or empty stands for the defaults. */
	public static RedactionPolicy ofStored(String storedActions, String phoneRegion) {
		Map<FindingType, Action> changes = new EnumMap<>(FindingType.class);
		if (storedActions != null && !storedActions.isBlank()) {
			for (String pair : storedActions.split(",")) {
				String[] parts = pair.split("=", 2);
				changes.put(FindingType.valueOf(parts[0].strip()), Action.valueOf(parts[1].strip()));
			}
		}
		return DEFAULT.with(changes, phoneRegion);
	}

}
