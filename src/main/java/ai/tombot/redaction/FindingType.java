package ai.tombot.redaction;

/** What a finding is. */
public enum FindingType {

	/** A payment card's primary account number (PAN): only ever redacted. */
	CARD_NUMBER,

	/** A US social security number: only ever redacted. */
	US_SSN

}
