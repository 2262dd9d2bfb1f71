package ai.tombot.keys.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;

import org.springframework.stereotype.Component;

import ai.tombot.keys.AuditArchiveCipher;

/**
 * Seals audit archives: a new AES-256-GCM keyset per archive, wrapped like the store's
 * audit-signing key (region master key, or the server secret for the control store). The
 * sealed form is the wrapped keyset's length (4 bytes, big-endian), the wrapped keyset (UTF-8
 * base64), then the content's Tink ciphertext.
 */
@Component
class AuditArchiveKeys implements AuditArchiveCipher {

	private static final int MAX_WRAPPED = 64 * 1024;

	private final MasterKeys masters;

	private final ServerSecret secret;

	AuditArchiveKeys(MasterKeys masters, ServerSecret secret) {
		this.masters = masters;
		this.secret = secret;
	}

	@Override
	public byte[] seal(String store, byte[] content, String name) {
		KeysetHandle key = Keysets.generate();
		try {
			byte[] wrapped = wrap(store, key, name).getBytes(StandardCharsets.US_ASCII);
			byte[] ciphertext = Keysets.aead(key).encrypt(content, associated(store, name));
			return ByteBuffer.allocate(4 + wrapped.length + ciphertext.length)
				.putInt(wrapped.length)
				.put(wrapped)
				.put(ciphertext)
				.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot seal an audit archive of store " + store, ex);
		}
	}

	@Override
	public byte[] open(String store, byte[] sealed, String name) {
		ByteBuffer in = ByteBuffer.wrap(sealed);
		int length = sealed.length >= 4 ? in.getInt() : -1;
		if (length <= 0 || length > MAX_WRAPPED || length > in.remaining()) {
			throw new IllegalArgumentException("not a sealed audit archive");
		}
		byte[] wrapped = new byte[length];
		in.get(wrapped);
		byte[] ciphertext = new byte[in.remaining()];
		in.get(ciphertext);
		try {
			KeysetHandle key = unwrap(store, new String(wrapped, StandardCharsets.US_ASCII), name);
			return Keysets.aead(key).decrypt(ciphertext, associated(store, name));
		}
		catch (GeneralSecurityException | IllegalStateException ex) {
			throw new IllegalArgumentException("the archive does not open: altered, another archive, or sealed under "
					+ "another key");
		}
	}

	private static byte[] associated(String store, String name) {
		return Keysets.binding("audit-archive", store, name);
	}

	private static String binding(String store, String name) {
		return "audit-archive|" + store + "|" + name;
	}

	private String wrap(String store, KeysetHandle key, String name) throws GeneralSecurityException {
		if (store.equals(AuditSigningKeys.CONTROL)) {
			return this.secret.seal(TinkProtoKeysetFormat.serializeKeyset(key,
					InsecureSecretKeyAccess.get()), binding(store, name));
		}
		return Keysets.wrap(key, this.masters.of(store).aead(), binding(store, name));
	}

	private KeysetHandle unwrap(String store, String wrapped, String name) throws GeneralSecurityException {
		if (store.equals(AuditSigningKeys.CONTROL)) {
			return TinkProtoKeysetFormat.parseKeyset(this.secret.open(wrapped, binding(store, name)),
					InsecureSecretKeyAccess.get());
		}
		return Keysets.unwrap(wrapped, this.masters.of(store).aead(), binding(store, name));
	}

}
