package ai.tombot.keys.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import ai.tombot.keys.TenantKeyStatus.KeyVersion;

/** Tink keysets as the key hierarchy uses them: AES256_GCM, stored encrypted, base64. */
final class Keysets {

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink's AEAD primitives cannot be registered", ex);
		}
	}

	private Keysets() {
	}

	/** A template like {@code tx} that always runs in a new transaction of its own, committed when it returns. */
	static org.springframework.transaction.support.TransactionTemplate ownTransaction(
			org.springframework.transaction.support.TransactionTemplate tx) {
		org.springframework.transaction.support.TransactionTemplate own = new org.springframework.transaction.support.TransactionTemplate(
				tx.getTransactionManager(), tx);
		own.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return own;
	}

	/** A new keyset with one AES-256-GCM key (random 96-bit nonces, 128-bit tags). */
	static KeysetHandle generate() {
		try {
			return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make an AES256_GCM keyset", ex);
		}
	}

	static Aead aead(KeysetHandle handle) {
		try {
			return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Not an AEAD keyset", ex);
		}
	}

	/** The keyset encrypted under {@code wrapping}, bound to {@code binding}; base64. */
	static String wrap(KeysetHandle handle, Aead wrapping, String binding) throws GeneralSecurityException {
		return Base64.getEncoder()
			.encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, wrapping, bytes(binding)));
	}

	/** @throws GeneralSecurityException when it was altered, moved, or wrapped under another key */
	static KeysetHandle unwrap(String wrapped, Aead wrapping, String binding) throws GeneralSecurityException {
		return TinkProtoKeysetFormat.parseEncryptedKeyset(Base64.getDecoder().decode(wrapped), wrapping, bytes(binding));
	}

	/** The keyset with a new key, which becomes primary; the others stay enabled, to decrypt. */
	static KeysetHandle withNewPrimary(KeysetHandle handle) throws GeneralSecurityException {
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
		builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
			.withRandomId()
			.makePrimary());
		return builder.build();
	}

	/**
	 * The keyset with every key but the primary disabled, and the keys that were disabled
	 * already removed: nothing is wrapped under them any more, and a keyset must not grow
	 * with every rotation.
	 */
	static KeysetHandle onlyPrimaryEnabled(KeysetHandle handle) throws GeneralSecurityException {
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
		for (int i = builder.size() - 1; i >= 0; i--) {
			if (builder.getAt(i).isPrimary()) {
				continue;
			}
			if (builder.getAt(i).getStatus() == KeyStatus.DISABLED) {
				builder.deleteAt(i);
			}
			else {
				builder.getAt(i).setStatus(KeyStatus.DISABLED);
			}
		}
		return builder.build();
	}

	static List<KeyVersion> versions(KeysetHandle handle) {
		List<KeyVersion> versions = new ArrayList<>();
		for (int i = 0; i < handle.size(); i++) {
			KeysetHandle.Entry entry = handle.getAt(i);
			versions.add(new KeyVersion(Integer.toUnsignedLong(entry.getId()),
					entry.getStatus() == KeyStatus.ENABLED ? "ENABLED" : "DISABLED", entry.isPrimary()));
		}
		return versions;
	}

	static long primaryId(KeysetHandle handle) {
		return Integer.toUnsignedLong(handle.getPrimary().getId());
	}

	/** The key id in a Tink ciphertext's 5-byte prefix; 0 when it has none. */
	static long keyIdOf(byte[] tinkCiphertext) {
		if (tinkCiphertext.length < 5 || tinkCiphertext[0] != 1) {
			return 0;
		}
		return Integer.toUnsignedLong(ByteBuffer.wrap(tinkCiphertext, 1, 4).getInt());
	}

	/**
	 * Associated data from parts, each length-prefixed, so that no two different lists of
	 * parts give the same bytes.
	 */
	static byte[] binding(String... parts) {
		int size = 0;
		byte[][] encoded = new byte[parts.length][];
		for (int i = 0; i < parts.length; i++) {
			encoded[i] = bytes(parts[i]);
			size += 4 + encoded[i].length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(size);
		for (byte[] part : encoded) {
			buffer.putInt(part.length).put(part);
		}
		return buffer.array();
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
