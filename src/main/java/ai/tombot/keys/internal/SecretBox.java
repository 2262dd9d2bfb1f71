package ai.tombot.keys.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for small secrets of the control store (TOTP secrets), each bound to the row it
 * belongs to by associated data: a value copied onto another user's row does not decrypt.
 * Stored form: base64 of a version byte, a 96-bit random nonce, and the ciphertext with its
 * 128-bit tag.
 */
final class SecretBox {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	SecretBox(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	String seal(byte[] plaintext, String associatedData) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed)
					.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/** @throws IllegalStateException when the value was altered, moved or sealed under another key */
	byte[] open(String stored, String associatedData) {
		byte[] bytes = Base64.getDecoder().decode(stored);
		if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
			throw new IllegalStateException("not a sealed secret of version " + VERSION);
		}
		try {
			byte[] nonce = java.util.Arrays.copyOfRange(bytes, 1, 1 + NONCE_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, associatedData);
			return cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalStateException("a sealed secret does not open: altered, moved to another row, or sealed "
					+ "under another identity secret", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM decryption failed", ex);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	@Override
	public String toString() {
		return "SecretBox[<hidden>]";
	}

}
