package ai.tombot.keys;

/**
 * A new TOTP secret: sealed, to store, and in base32, to show its user once (in an
 * authenticator app's QR code). {@code toString} hides both.
 */
public record OtpSecret(String sealed, String base32) {

	@Override
	public String toString() {
		return "OtpSecret[<hidden>]";
	}

}
