package ai.tombot.redaction;

/** What a finding is. */
public enum FindingType {

	/** A payment card's primary account number (PAN): only ever redacted. */
	CARD_NUMBER,

	/** A US social security number: only ever redacted. */
	US_SSN,

	/** An e-mail address. */
	EMAIL,

	/** A phone number valid in its region (libphonenumber). */
	PHONE,

	/** An international bank account number that passes its mod-97 check. */
	IBAN,

	/** An IPv4 or IPv6 address. */
	IP_ADDRESS

}
