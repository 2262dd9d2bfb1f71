package ai.tombot.keys;

import java.security.GeneralSecurityException;

import ai.tombot.keys.internal.PublicKeysets;

/**
 * Checks audit-checkpoint signatures with a public keyset alone (Tink JSON, as
 * {@link AuditSigner#publicKeyset} gives it), for verification away from the server.
 */
public final class AuditSignatures {

	private AuditSignatures() {
	}

	/**
	 * Whether {@code signature} over {@code message} is by a key of {@code publicKeyset}.
	 * @throws IllegalArgumentException when {@code publicKeyset} is not a public signature keyset
	 */
	public static boolean verify(String publicKeyset, byte[] message, byte[] signature) {
		try {
			return PublicKeysets.verify(publicKeyset, message, signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not a public signature keyset (Tink JSON)", ex);
		}
	}

}
