package ai.tombot.tenancy.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Cidr;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantChanged;
import ai.tombot.tenancy.TenantCreated;
import ai.tombot.tenancy.TenantHomeInitializer;
import ai.tombot.tenancy.TenantService;

/**
 * Creates a tenant in two stores without a distributed transaction. The home record is
 * committed in the region store first; then the tenant row in the control store, where the
 * slug's uniqueness is decided. If the control write fails, the home record is removed again
 * unless the control store shows the tenant after all (a commit whose answer was lost). A
 * tenant the API has answered 201 for exists in both stores; a creation that dies half-way
 * leaves at most a home record without a tenant, which blocks nothing and is never read.
 */
@Service
class DefaultTenantService implements TenantService {

	static final String TYPE_SLUG_TAKEN = "urn:tombot:problem:tenant-slug-taken";

	private static final Logger log = LoggerFactory.getLogger(DefaultTenantService.class);

	private final TenantRepository tenants;

	private final Stores stores;

	private final Clock clock;

	private final List<TenantHomeInitializer> initializers;

	private final ApplicationEventPublisher events;

	/** Tenants' regions, which never change. */
	private final Cache<UUID, String> regions = Caffeine.newBuilder().maximumSize(100_000).build();

	DefaultTenantService(TenantRepository tenants, Stores stores, Clock clock, List<TenantHomeInitializer> initializers,
			ApplicationEventPublisher events) {
		this.initializers = List.copyOf(initializers);
		this.events = events;
		this.tenants = tenants;
		this.stores = stores;
		this.clock = clock;
	}

	@Override
	public Tenant create(String slug, String name, String region) {
		Store home = this.stores.region(region);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Tenant tenant = new Tenant(UUID.randomUUID(), slug, name, region, "active", now, now);
		if (this.tenants.findBySlug(slug).isPresent()) {
			throw slugTaken(slug);
		}
		home.tx().executeWithoutResult(status -> {
			this.tenants.insertHome(tenant);
			this.initializers.forEach(initializer -> initializer.initialize(tenant));
		});
		try {
			this.stores.control().tx().executeWithoutResult(status -> {
				this.tenants.insert(tenant);
				// its listeners (the audit trail) write in this transaction: if they fail, no tenant
				this.events.publishEvent(new TenantCreated(tenant.id(), tenant.slug(), tenant.region(), now));
			});
		}
		catch (DuplicateKeyException ex) {
			removeHomeAfterFailure(tenant);
			throw slugTaken(slug);
		}
		catch (RuntimeException ex) {
			removeHomeAfterFailure(tenant);
			throw ex;
		}
		log.info("Created tenant {} ({}) in region {}", tenant.slug(), tenant.id(), region);
		return tenant;
	}

	private static ApiProblem slugTaken(String slug) {
		return ApiProblem.conflict(TYPE_SLUG_TAKEN, "A tenant with slug '" + slug + "' exists already");
	}

	private void removeHomeAfterFailure(Tenant tenant) {
		try {
			if (this.tenants.existsById(tenant.id())) {
				log.warn("Tenant {} was committed although its creation reported an error; keeping its home record",
						tenant.slug());
				return;
			}
			this.tenants.deleteHome(tenant);
		}
		catch (RuntimeException cleanup) {
			log.error("Tenant {} was not created, and its home record in region {} could not be removed; "
					+ "delete row tenant_id={} from tenant_home there", tenant.slug(), tenant.region(), tenant.id(), cleanup);
		}
	}

	@Override
	public List<Tenant> list() {
		return this.tenants.findAll();
	}

	@Override
	public Optional<Tenant> find(String slug) {
		return this.tenants.findBySlug(slug);
	}

	@Override
	public Optional<Tenant> find(UUID id) {
		return this.tenants.findById(id);
	}

	@Override
	public String region(UUID id) {
		String region = this.regions.getIfPresent(id);
		if (region == null) {
			region = find(id).map(Tenant::region).orElseThrow(() -> ApiProblem.notFound("Tenant " + id));
			this.regions.put(id, region);
		}
		return region;
	}

	@Override
	public Tenant update(String slug, String name, String status) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Store control = this.stores.control();
		Tenant[] before = new Tenant[1];
		Tenant after = control.tx().execute(tx -> {
			before[0] = require(slug);
			// one statement changes only the fields given, so two concurrent updates of
			// different fields cannot undo each other
			this.tenants.update(before[0].id(), name, status, now);
			this.events.publishEvent(new TenantChanged(before[0].id(), "updated", now));
			return find(slug).orElseThrow();
		});
		if (!after.status().equals(before[0].status())) {
			log.info("Tenant {} is now {}", slug, after.status());
		}
		return after;
	}


	@Override
	public boolean mfaRequired(String slug) {
		return this.tenants.mfaRequired(require(slug).id());
	}

	@Override
	public void requireMfa(String slug, boolean required) {
		Tenant tenant = require(slug);
		Instant now = this.clock.instant();
		this.stores.control().tx().executeWithoutResult(status -> {
			this.tenants.requireMfa(tenant.id(), required, now);
			this.events.publishEvent(new TenantChanged(tenant.id(), "mfa-policy", now));
		});
		log.info("Tenant {} now {} a second factor of all its users", slug, required ? "requires" : "does not require");
	}


	@Override
	public List<Cidr> networkAllowlist(String slug) {
		return networkAllowlist(require(slug).id());
	}

	@Override
	public List<Cidr> networkAllowlist(UUID tenantId) {
		return this.tenants.networkAllowlist(tenantId).map(DefaultTenantService::ranges).orElse(List.of());
	}

	@Override
	public void setNetworkAllowlist(String slug, List<Cidr> ranges) {
		Tenant tenant = require(slug);
		String stored = ranges.isEmpty() ? null
				: String.join(" ", ranges.stream().map(Cidr::toString).distinct().toList());
		Instant now = this.clock.instant();
		this.stores.control().tx().executeWithoutResult(status -> {
			this.tenants.setNetworkAllowlist(tenant.id(), stored, now);
			this.events.publishEvent(new TenantChanged(tenant.id(), "network-allowlist", now));
		});
		log.info("Network allowlist of tenant {} is now {}", slug, stored == null ? "lifted" : stored);
	}

	private static List<Cidr> ranges(String stored) {
		return java.util.Arrays.stream(stored.split(" ")).filter(range -> !range.isEmpty()).map(Cidr::parse).toList();
	}

}
