package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import ai.tombot.identity.ApiKeyCaller;
import ai.tombot.identity.ApiKeyCreated;
import ai.tombot.identity.ApiKeyRevoked;
import ai.tombot.identity.Caller;
import ai.tombot.identity.Permission;
import ai.tombot.identity.internal.ApiKeyRepository.StoredKey;
import ai.tombot.keys.ControlKeys;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * API keys for a tenant's integrations: {@code tbk_} and 256 random bits, shown once, stored
 * as {@link ApiKeyHasher an HMAC}. Every request looks its key up in the control store, so a
 * revocation, an expiry or a suspended tenant takes effect on every node with the next
 * request.
 */
@Service
class ApiKeyService {

	static final String PREFIX = "tbk_";

	/** {@code tbk_} and 43 base64url characters (256 bits). */
	private static final Pattern FORMAT = Pattern.compile("tbk_[A-Za-z0-9_-]{43}");

	/** Characters of a key shown in listings to tell keys apart: {@code tbk_} and 8 more. */
	private static final int SHOWN = PREFIX.length() + 8;

	private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

	private final Store control;

	private final ApiKeyRepository keys;

	private final ApiKeyHasher hasher;

	private final TenantService tenants;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ApiKeyService(ApiKeyRepository keys, ControlKeys controlKeys, TenantService tenants, ApplicationEventPublisher events,
			Stores stores, Clock clock) {
		this.control = stores.control();
		this.keys = keys;
		this.hasher = new ApiKeyHasher(controlKeys);
		this.tenants = tenants;
		this.events = events;
		this.clock = clock;
	}

	/** A new key; {@code key} is in this answer and nowhere else, and {@code toString} hides it. */
	record IssuedKey(UUID id, String key, String prefix, String name, List<String> scopes, Instant createdAt,
			Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedKey[id=" + this.id + ", prefix=" + this.prefix + ", key=<hidden>]";
		}

	}

	IssuedKey create(Caller caller, String slug, String name, List<String> scopeNames, Instant expiresAt) {
		Tenant tenant = this.tenants.require(slug);
		String trimmed = name == null ? "" : name.strip();
		if (trimmed.isEmpty()) {
			throw ApiProblem.invalid("name", "must not be blank");
		}
		List<String> scopes = scopes(scopeNames);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw ApiProblem.invalid("expiresAt", "must be in the future");
		}
		String key = PREFIX + Tokens.random256();
		StoredKey stored = new StoredKey(UUID.randomUUID(), tenant.id(), key.substring(0, SHOWN), trimmed, scopes,
				caller.id(), now, null, expiresAt, null);
		this.control.tx().executeWithoutResult(status -> {
			this.keys.insert(stored, this.hasher.hash(key));
			// the audit entry commits with the key, or neither does
			this.events.publishEvent(new ApiKeyCreated(tenant.id(), stored.id(), stored.prefix(), scopes, expiresAt,
					caller.id(), now));
		});
		log.info("API key {} ({}) made for tenant {} by {}", stored.id(), stored.prefix(), slug, caller.id());
		return new IssuedKey(stored.id(), key, stored.prefix(), trimmed, scopes, now, expiresAt);
	}

	List<StoredKey> list(String slug) {
		return this.keys.ofTenant(this.tenants.require(slug).id());
	}

	StoredKey get(String slug, UUID id) {
		return key(this.tenants.require(slug), id);
	}

	private StoredKey key(Tenant tenant, UUID id) {
		return this.keys.find(tenant.id(), id)
			.orElseThrow(() -> ApiProblem.notFound("API key " + id + " of tenant '" + tenant.slug() + "'"));
	}

	/** Revokes a key of the tenant; revoking a revoked key again changes nothing. */
	void revoke(Caller caller, String slug, UUID id) {
		Tenant tenant = this.tenants.require(slug);
		key(tenant, id);
		Instant now = this.clock.instant();
		boolean revoked = Boolean.TRUE.equals(this.control.tx().execute(status -> {
			boolean done = this.keys.revoke(tenant.id(), id, now);
			if (done) {
				this.events.publishEvent(new ApiKeyRevoked(tenant.id(), id, caller.id(), now));
			}
			return done;
		}));
		if (revoked) {
			log.info("API key {} of tenant {} revoked by {}", id, slug, caller.id());
		}
	}

	/** The caller behind a live key; empty for a malformed, unknown, revoked or expired one. */
	Optional<ApiKeyCaller> authenticate(String key) {
		if (!FORMAT.matcher(key).matches()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		Optional<StoredKey> found = this.keys.findLive(this.hasher.hash(key), now);
		found.filter(live -> live.lastUsedAt() == null || live.lastUsedAt().plus(TOUCH_GRANULARITY).isBefore(now))
			.ifPresent(live -> this.keys.touch(live.id(), now));
		return found.map(live -> {
			Set<Permission> permissions = EnumSet.noneOf(Permission.class);
			live.scopes().forEach(scope -> ApiKeyScope.of(scope).ifPresent(known -> permissions.add(known.permission())));
			return new ApiKeyCaller(live.id(), live.name(), live.tenantId(), Set.copyOf(live.scopes()), permissions);
		});
	}

	private static List<String> scopes(List<String> names) {
		if (names == null || names.isEmpty()) {
			throw ApiProblem.invalid("scopes", "must name at least one of " + known());
		}
		EnumSet<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
		for (String name : names) {
			scopes.add(ApiKeyScope.of(name)
				.orElseThrow(() -> ApiProblem.invalid("scopes", "'" + name + "' is not a scope; the scopes are " + known())));
		}
		return scopes.stream().map(ApiKeyScope::value).toList();
	}

	private static String known() {
		return EnumSet.allOf(ApiKeyScope.class).stream().map(ApiKeyScope::value).toList().toString();
	}

}
