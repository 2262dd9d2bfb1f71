package ai.tombot.keys.internal;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;

/** Public signature keysets, for checking signatures without any secret. */
public final class PublicKeysets {

	static {
		try {
			SignatureConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink's signature primitives cannot be registered", ex);
		}
	}

	private PublicKeysets() {
	}

	/**
	 * @return whether the signature verifies
	 * @throws GeneralSecurityException when the keyset is not a public signature keyset
	 */
	public static boolean verify(String publicKeyset, byte[] message, byte[] signature) throws GeneralSecurityException {
		KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeyset);
		PublicKeyVerify verifier = handle.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
		try {
			verifier.verify(signature, message);
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
