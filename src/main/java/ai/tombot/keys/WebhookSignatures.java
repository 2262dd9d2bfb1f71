package ai.tombot.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signatures that gateways put on their webhook calls, checked in constant time. */
public final class WebhookSignatures {

	private WebhookSignatures() {
	}

	/**
	 * Whether {@code signature} is base64 of HMAC-SHA1 of {@code signed} (UTF-8) under
	 * {@code secret}, as Twilio signs its calls.
	 */
	public static boolean hmacSha1Base64Matches(String secret, String signed, String signature) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			byte[] expected = Base64.getEncoder().encode(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
			return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is missing from this JVM", ex);
		}
	}

}
