package ai.tombot.keys.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * The audit-signing key of each store: an Ed25519 Tink keyset made at the store's first start,
 * stored sealed under the server secret (control store) or wrapped by the region's master key.
 * Unwrapped once per node and kept in memory; never logged.
 */
@Component
class AuditSigningKeys implements AuditSigner, SmartInitializingSingleton {

	static final String CONTROL = "control";

	private static final Logger log = LoggerFactory.getLogger(AuditSigningKeys.class);

	static {
		try {
			SignatureConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink's signature primitives cannot be registered", ex);
		}
	}

	/** An unwrapped key; {@code toString} shows no material. */
	private record Signing(PublicKeySign signer, PublicKeyVerify verifier, String publicKeyset) {

		@Override
		public String toString() {
			return "Signing[<hidden>]";
		}

	}

	private final Map<String, Signing> loaded = new ConcurrentHashMap<>();

	private final Stores stores;

	private final MasterKeys masters;

	private final ServerSecret secret;

	private final Clock clock;

	AuditSigningKeys(Stores stores, MasterKeys masters, ServerSecret secret, Clock clock) {
		this.stores = stores;
		this.masters = masters;
		this.secret = secret;
		this.clock = clock;
	}

	/** Makes the missing keys of the control store and of every region this node has the master key of. */
	@Override
	public void afterSingletonsInstantiated() {
		signing(CONTROL);
		this.masters.availability().forEach((region, available) -> {
			if (available) {
				signing(region);
			}
		});
	}

	@Override
	public byte[] sign(String store, byte[] message) {
		try {
			return signing(store).signer().sign(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 signing failed for store " + store, ex);
		}
	}

	@Override
	public boolean verify(String store, byte[] message, byte[] signature) {
		try {
			signing(store).verifier().verify(signature, message);
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	@Override
	public String publicKeyset(String store) {
		return signing(store).publicKeyset();
	}

	@Override
	public String fingerprint(String store) {
		return fingerprintOf(publicKeyset(store));
	}

	/** The SHA-256 of a public keyset's key material (its JSON without whitespace), hex. */
	static String fingerprintOf(String publicKeyset) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(publicKeyset.replaceAll("\\s", "").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

	/** Wraps the region's key again under its master key's primary version (master-key rotation). */
	void rewrap(String region) {
		String wrapped = stored(store(region).jdbc());
		if (wrapped == null) {
			return; // made at the region's first use, under the new primary version
		}
		KeysetHandle handle = unwrap(region, wrapped);
		store(region).jdbc()
			.sql("update audit_signing_key set keyset = :keyset where id = 1")
			.param("keyset", wrap(region, handle))
			.update();
	}

	/** The store's private keyset, unwrapped (for the test that no key material reaches a log). */
	KeysetHandle unwrapped(String store) {
		return unwrap(store, stored(store(store).jdbc()));
	}

	private Signing signing(String store) {
		return this.loaded.computeIfAbsent(store, this::loadOrMake);
	}

	private Signing loadOrMake(String name) {
		Store store = store(name);
		if (!name.equals(CONTROL)) {
			this.masters.of(name); // 503 when this node has no master key for the region
		}
		String wrapped = stored(store.jdbc());
		if (wrapped == null) {
			if (store.jdbc().sql("select count(*) from audit_checkpoint").query(Long.class).single() > 0) {
				// a new key would sign over a history the old one signed: never made silently
				throw new IllegalStateException("The audit-signing key of store " + name + " is missing, but the store "
						+ "holds checkpoints it signed: restore the audit_signing_key row from a backup");
			}
			try {
				String made = wrap(name, KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519));
				store.tx().executeWithoutResult(status -> store.jdbc()
					.sql("insert into audit_signing_key (id, keyset, created_at) values (1, :keyset, :now)")
					.param("keyset", made)
					.param("now", SqlTime.ts(this.clock.instant()))
					.update());
				log.info("Made the audit-signing key of store {}", name);
			}
			catch (DuplicateKeyException ex) {
				// another node made it at the same time: use theirs
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot make an Ed25519 keyset", ex);
			}
			wrapped = stored(store.jdbc());
		}
		KeysetHandle handle = unwrap(name, wrapped);
		try {
			KeysetHandle publicHandle = handle.getPublicKeysetHandle();
			String publicKeyset = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicHandle);
			// the fingerprint to pin: compare it with GET /api/v1/audit/public-keys and the checkpoint file
			log.info("Audit-signing key of store {}: public key SHA-256 {}", name, fingerprintOf(publicKeyset));
			return new Signing(handle.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class),
					publicHandle.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class), publicKeyset);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The audit-signing key of store " + name + " is not an Ed25519 keyset", ex);
		}
	}

	private static String stored(JdbcClient jdbc) {
		return jdbc.sql("select keyset from audit_signing_key where id = 1").query(String.class).optional().orElse(null);
	}

	private Store store(String name) {
		return name.equals(CONTROL) ? this.stores.control() : this.stores.region(name);
	}

	private static String binding(String store) {
		return "audit-signing|" + store;
	}

	private String wrap(String store, KeysetHandle handle) {
		try {
			if (store.equals(CONTROL)) {
				return this.secret.seal(TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()),
						binding(store));
			}
			return Keysets.wrap(handle, this.masters.of(store).aead(), binding(store));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot wrap the audit-signing key of store " + store, ex);
		}
	}

	private KeysetHandle unwrap(String store, String wrapped) {
		try {
			if (store.equals(CONTROL)) {
				return TinkProtoKeysetFormat.parseKeyset(this.secret.open(wrapped, binding(store)),
						InsecureSecretKeyAccess.get());
			}
			return Keysets.unwrap(wrapped, this.masters.of(store).aead(), binding(store));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The audit-signing key of store " + store
					+ " does not unwrap: altered, or wrapped under another key");
		}
	}

}
