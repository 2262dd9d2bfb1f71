package ai.tombot.keys.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import com.google.crypto.tink.subtle.Random;

/**
 * AES-256-GCM under one subject key, writing Tombot's ciphertext format in one pass: a format
 * version byte, then exactly Tink's AES-GCM output (the key's 5-byte id prefix, a random
 * 96-bit nonce from Tink's CSPRNG, the ciphertext and its 128-bit tag). It uses Tink's AES-GCM
 * with the nonce passed in and the output offset, so that the header costs no extra copy on
 * the hot path; the bytes are the same as through Tink's keyset-level primitive.
 */
final class DataCipher {

	static final byte FORMAT_VERSION = 1;

	private static final int NONCE = 12;

	private static final int TAG = 16;

	/** Version byte and Tink's 5-byte prefix. */
	private static final int HEADER = 6;

	private static final int START = HEADER + NONCE;

	private final InsecureNonceAesGcmJce gcm;

	private final byte[] header;

	private DataCipher(InsecureNonceAesGcmJce gcm, byte[] prefix) {
		this.gcm = gcm;
		this.header = new byte[HEADER];
		this.header[0] = FORMAT_VERSION;
		System.arraycopy(prefix, 0, this.header, 1, prefix.length);
	}

	/** @throws GeneralSecurityException unless the keyset is one AES-GCM key with 12-byte nonces, 16-byte tags and Tink's prefix */
	static DataCipher of(KeysetHandle handle) throws GeneralSecurityException {
		if (handle.size() != 1 || !(handle.getPrimary().getKey() instanceof AesGcmKey key)
				|| key.getParameters().getIvSizeBytes() != NONCE || key.getParameters().getTagSizeBytes() != TAG
				|| key.getOutputPrefix().size() != HEADER - 1) {
			throw new GeneralSecurityException("a subject key must be one AES-GCM key with Tink's output prefix");
		}
		return new DataCipher(new InsecureNonceAesGcmJce(key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get())),
				key.getOutputPrefix().toByteArray());
	}

	byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
		byte[] nonce = Random.randBytes(NONCE);
		byte[] out = this.gcm.encrypt(nonce, plaintext, START, associatedData);
		System.arraycopy(this.header, 0, out, 0, HEADER);
		System.arraycopy(nonce, 0, out, HEADER, NONCE);
		return out;
	}

	/** @throws GeneralSecurityException for anything but an unaltered ciphertext of this key and associated data */
	byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
		if (ciphertext.length < START + TAG || !Arrays.equals(ciphertext, 0, HEADER, this.header, 0, HEADER)) {
			throw new GeneralSecurityException("not a ciphertext of this key");
		}
		return this.gcm.decrypt(Arrays.copyOfRange(ciphertext, HEADER, START), ciphertext, START, associatedData);
	}

	@Override
	public String toString() {
		return "DataCipher[<hidden>]";
	}

}
