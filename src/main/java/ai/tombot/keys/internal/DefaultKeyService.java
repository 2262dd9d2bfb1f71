package ai.tombot.keys.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import ai.tombot.keys.DecryptionFailed;
import ai.tombot.keys.DecryptionFailedException;
import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.keys.SubjectKeyDestroyed;
import ai.tombot.keys.TenantKeyStatus;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

/**
 * The key facade. A ciphertext is a format version byte and Tink's AES-256-GCM output (the
 * subject key's id, a random 96-bit nonce, the ciphertext, a 128-bit tag); its associated data
 * binds it to the format version, the tenant, the subject and the record.
 */
@Service
class DefaultKeyService implements KeyService {

	static final byte FORMAT_VERSION = DataCipher.FORMAT_VERSION;

	private static final Logger log = LoggerFactory.getLogger(DefaultKeyService.class);

	private final TenantService tenants;

	private final MasterKeys masters;

	private final SubjectKeys subjects;

	private final Rotations rotations;

	private final ApplicationEventPublisher events;

	private final Clock clock;


	private final BlindIndexKeys indexKeys;

	DefaultKeyService(TenantService tenants, MasterKeys masters, SubjectKeys subjects, Rotations rotations,
			BlindIndexKeys indexKeys, ApplicationEventPublisher events, Clock clock) {
		this.indexKeys = indexKeys;
		this.tenants = tenants;
		this.masters = masters;
		this.subjects = subjects;
		this.rotations = rotations;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public byte[] encrypt(UUID tenantId, String subject, byte[] plaintext, String record) {
		// a key this node holds unwrapped is of an existing tenant whose region this node serves
		SubjectKeys.DataKey key = this.subjects.cached(tenantId, checked(subject));
		if (key == null) {
			key = this.subjects.forEncryption(region(tenantId), tenantId, subject);
		}
		try {
			return key.cipher().encrypt(plaintext, key.binding(record));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed for tenant " + tenantId, ex);
		}
	}

	@Override
	public Decrypted decrypt(UUID tenantId, String subject, byte[] ciphertext, String record) {
		SubjectKeys.DataKey key = this.subjects.cached(tenantId, checked(subject));
		// without a cached key, an unknown tenant (404) or an unavailable region (503) answers first
		String region = key == null ? region(tenantId) : null;
		if (ciphertext == null || ciphertext.length < 2 || ciphertext[0] != FORMAT_VERSION) {
			throw failed(tenantId, 0, record);
		}
		if (key == null) {
			try {
				key = this.subjects.forDecryption(region, tenantId, subject).orElse(null);
			}
			catch (IllegalStateException ex) {
				log.error("A key of tenant {} does not unwrap", tenantId, ex);
				throw failed(tenantId, keyId(ciphertext), record);
			}
			if (key == null) {
				Optional<java.time.Instant> erased = this.subjects.erasedAt(region, tenantId, subject);
				if (erased.isPresent()) {
					return new Decrypted.Erased(erased.get());
				}
				throw failed(tenantId, keyId(ciphertext), record);
			}
		}
		try {
			return new Decrypted.Plaintext(key.cipher().decrypt(ciphertext, key.binding(record)));
		}
		catch (GeneralSecurityException ex) {
			throw failed(tenantId, keyId(ciphertext), record);
		}
	}

	@Override
	public String blindIndex(UUID tenantId, String purpose, String value) {
		if (purpose == null || purpose.isEmpty() || value == null) {
			throw new IllegalArgumentException("a blind index needs a purpose and a value");
		}
		return this.indexKeys.index(region(tenantId), tenantId, purpose, value);
	}

	@Override
	public void destroySubjectKey(UUID tenantId, String subject, String reason) {
		if (reason == null || reason.isBlank() || reason.length() > 500) {
			throw new IllegalArgumentException("an erasure needs a reason of 1 to 500 characters");
		}
		String region = region(tenantId);
		// its listeners (the audit trail) write in the erasure's transaction: both commit, or neither
		if (this.subjects.destroy(region, tenantId, checked(subject), reason, () -> this.events
			.publishEvent(new SubjectKeyDestroyed(tenantId, subject, reason, this.clock.instant())))) {
			log.info("Key of a data subject of tenant {} destroyed", tenantId);
		}
	}

	@Override
	public TenantKeyStatus rotateTenantKey(UUID tenantId) {
		return this.rotations.rotateTenantKey(region(tenantId), tenantId);
	}

	@Override
	public int rotateMasterKey(String region) {
		return this.rotations.rotateMasterKey(region);
	}

	@Override
	public TenantKeyStatus status(UUID tenantId) {
		return this.rotations.status(region(tenantId), tenantId);
	}

	/** The tenant's region, if this node has its master key; on the hot path, two map lookups. */
	private String region(UUID tenantId) {
		String region = this.tenants.region(tenantId);
		if (!this.masters.available(region)) {
			this.masters.of(region); // throws the 503 that says which region
		}
		return region;
	}

	private static String checked(String subject) {
		if (subject == null || subject.isEmpty() || subject.length() > 100) {
			throw new IllegalArgumentException("a subject is 1 to 100 characters");
		}
		return subject;
	}

	/**
	 * The associated data of a ciphertext starts with the format, the tenant and the subject;
	 * the record follows (see {@link SubjectKeys.DataKey#binding}). Each part is length-prefixed.
	 */
	static byte[] bindingPrefix(UUID tenantId, String subject) {
		return Keysets.binding("tombot-data-v" + FORMAT_VERSION, tenantId.toString(), subject);
	}

	/** The subject key's id a ciphertext names, for the failure event; 0 when it names none. */
	private static long keyId(byte[] ciphertext) {
		return Keysets.keyIdOf(Arrays.copyOfRange(ciphertext, 1, Math.min(ciphertext.length, 6)));
	}

	private DecryptionFailedException failed(UUID tenantId, long keyId, String record) {
		log.warn("Decryption failed for tenant {}, key {}, record {}", tenantId, keyId, record);
		this.events.publishEvent(new DecryptionFailed(tenantId, keyId, record, this.clock.instant()));
		return new DecryptionFailedException();
	}

}
