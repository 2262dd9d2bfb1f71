package ai.tombot.conversations.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Base32;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;

/**
 * Data subjects, the end users of a tenant, known by a random pseudonym. Their identifiers are
 * stored encrypted under their own key and found by blind index, so the store holds no phone
 * number or e-mail address in the clear.
 */
@Component
class Subjects {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Stores stores;

	private final KeyService keys;

	Subjects(Stores stores, KeyService keys) {
		this.stores = stores;
		this.keys = keys;
	}

	/** An identifier in its canonical form: a phone number in E.164, an e-mail address in lower case. */
	record Identifier(String kind, String value) {

		@Override
		public String toString() {
			return "Identifier[" + this.kind + "]"; // never the value, in a log or a message
		}

	}

	/**
	 * The identifier of a request, checked and made canonical.
	 * @param phoneRegion the country of a phone number written without a country code
	 * @throws ApiProblem 400 naming the field, without its value
	 */
	static Identifier identifier(String phone, String email, String externalId, String phoneRegion) {
		int given = (phone != null ? 1 : 0) + (email != null ? 1 : 0) + (externalId != null ? 1 : 0);
		if (given != 1) {
			throw ApiProblem.invalid("subject", "must name exactly one of phone, email and externalId");
		}
		if (phone != null) {
			try {
				PhoneNumberUtil util = PhoneNumberUtil.getInstance();
				PhoneNumber number = util.parse(phone, phoneRegion);
				if (!util.isPossibleNumber(number)) {
					throw ApiProblem.invalid("subject.phone", "is not a possible phone number");
				}
				return new Identifier("phone", util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
			}
			catch (NumberParseException ex) {
				throw ApiProblem.invalid("subject.phone", "is not a phone number");
			}
		}
		if (email != null) {
			String canonical = email.strip().toLowerCase(Locale.ROOT);
			int at = canonical.indexOf('@');
			if (canonical.length() > 320 || at < 1 || at != canonical.lastIndexOf('@') || at == canonical.length() - 1
					|| canonical.chars().anyMatch(c -> c <= ' ')) {
				throw ApiProblem.invalid("subject.email", "is not an e-mail address");
			}
			return new Identifier("email", canonical);
		}
		if (externalId.isBlank() || externalId.length() > 200 || externalId.chars().anyMatch(Character::isISOControl)) {
			throw ApiProblem.invalid("subject.externalId", "must be 1 to 200 characters without control characters");
		}
		return new Identifier("external", externalId);
	}

	private String index(Tenant tenant, Identifier identifier) {
		return this.keys.blindIndex(tenant.id(), "subject." + identifier.kind(), identifier.value());
	}

	/** The subject with this identifier; empty when there is none. */
	Optional<String> find(Tenant tenant, Identifier identifier) {
		return find(tenant, identifier.kind(), index(tenant, identifier));
	}

	private Optional<String> find(Tenant tenant, String kind, String index) {
		return jdbc(tenant).sql("select subject_id from subject_identifier where tenant_id = :tenant and kind = :kind "
				+ "and blind_index = :index")
			.param("tenant", tenant.id())
			.param("kind", kind)
			.param("index", index)
			.query(String.class)
			.optional();
	}

	/**
	 * An identifier with its blind index and the subject that had it a moment ago; or, when none
	 * had it, a new pseudonym whose key is made and the identifier encrypted under it: outside
	 * any transaction.
	 */
	record Prepared(Identifier identifier, String index, String existing, String newSubject, byte[] encrypted) {
	}

	Prepared prepare(Tenant tenant, Identifier identifier) {
		String index = index(tenant, identifier);
		Optional<String> existing = find(tenant, identifier.kind(), index);
		if (existing.isPresent()) {
			return new Prepared(identifier, index, existing.get(), null, null);
		}
		String subject = "sub_" + Base32.encode(randomBytes()).toLowerCase(Locale.ROOT);
		byte[] encrypted = this.keys.encrypt(tenant.id(), subject, identifier.value().getBytes(StandardCharsets.UTF_8),
				"subject-identifier/" + identifier.kind());
		return new Prepared(identifier, index, null, subject, encrypted);
	}

	/**
	 * The subject with the prepared identifier, its row locked until the caller's transaction
	 * ends; made with it, in that transaction, when there was none. The subject prepare found is
	 * only locked, not looked up again: an identifier goes only with its subject (a purge deletes
	 * both), and then there is no row to lock. Two requests making the same subject at once: one
	 * fails on the identifier's key. Both failures are a {@link DuplicateKeyException}, after which
	 * the caller prepares again (and then finds the subject, or makes a new one).
	 */
	String findOrCreateLocked(Tenant tenant, Prepared prepared, Instant now) {
		String known = prepared.existing() != null ? prepared.existing()
				: find(tenant, prepared.identifier().kind(), prepared.index()).orElse(null);
		if (known != null) {
			if (!lock(tenant, known)) {
				throw new DuplicateKeyException("the subject found a moment ago is gone (purged): prepare again");
			}
			return known;
		}
		Identifier identifier = prepared.identifier();
		String subject = prepared.newSubject();
		jdbc(tenant).sql("insert into data_subject (tenant_id, id, created_at) values (:tenant, :id, :now)")
			.param("tenant", tenant.id())
			.param("id", subject)
			.param("now", SqlTime.ts(now))
			.update();
		byte[] value = prepared.encrypted();
		jdbc(tenant).sql("insert into subject_identifier (tenant_id, kind, blind_index, subject_id, ciphertext, created_at) "
				+ "values (:tenant, :kind, :index, :subject, :value, :now)")
			.param("tenant", tenant.id())
			.param("kind", identifier.kind())
			.param("index", prepared.index())
			.param("subject", subject)
			.param("value", value)
			.param("now", SqlTime.ts(now))
			.update();
		return subject; // a row this transaction inserted is locked by it until it ends
	}

	/**
	 * Locks the subject's row until the transaction ends: one message of a subject at a time.
	 * (Not by an UPDATE that changes nothing, which H2 would cache where it parses a FOR UPDATE
	 * query anew each time: for that UPDATE, H2 takes the tenant's foreign-key index and walks
	 * all subjects of the tenant until its table has 2,000 rows and has been analyzed.)
	 * @return false when the subject is not there (purged)
	 */
	boolean lock(Tenant tenant, String subject) {
		return jdbc(tenant).sql("select id from data_subject where tenant_id = :tenant and id = :id for update")
			.param("tenant", tenant.id())
			.param("id", subject)
			.query(String.class)
			.optional()
			.isPresent();
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	private JdbcClient jdbc(Tenant tenant) {
		return this.stores.region(tenant.region()).jdbc();
	}

}
