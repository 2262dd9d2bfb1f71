package ai.tombot.tenancy.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * Creates a tenant in two stores without a distributed transaction: the home record is
 * written in the region store while the control-store transaction is still open, so a failed
 * region write rolls the tenant back; if the control commit then fails, the home record is
 * deleted again. A tenant the API has answered 201 for exists in both stores.
 */
@Service
class DefaultTenantService implements TenantService {

	static final String TYPE_SLUG_TAKEN = "urn:tombot:problem:tenant-slug-taken";

	private static final Logger log = LoggerFactory.getLogger(DefaultTenantService.class);

	private final TenantRepository tenants;

	private final Stores stores;

	private final Clock clock;

	DefaultTenantService(TenantRepository tenants, Stores stores, Clock clock) {
		this.tenants = tenants;
		this.stores = stores;
		this.clock = clock;
	}

	@Override
	public Tenant create(String slug, String name, String region) {
		Store home = this.stores.region(region);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Tenant tenant = new Tenant(UUID.randomUUID(), slug, name, region, "active", now, now);
		Store control = this.stores.control();
		try {
			control.tx().executeWithoutResult(status -> {
				this.tenants.insert(tenant);
				home.tx().executeWithoutResult(regionStatus -> this.tenants.insertHome(tenant));
			});
		}
		catch (DuplicateKeyException ex) {
			throw ApiProblem.conflict(TYPE_SLUG_TAKEN, "A tenant with slug '" + slug + "' exists already");
		}
		catch (RuntimeException ex) {
			removeHomeAfterFailure(tenant);
			throw ex;
		}
		log.info("Created tenant {} ({}) in region {}", tenant.slug(), tenant.id(), region);
		return tenant;
	}

	private void removeHomeAfterFailure(Tenant tenant) {
		try {
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
	public Tenant update(String slug, String name, String status) {
		Tenant current = find(slug).orElseThrow(() -> ApiProblem.notFound("Tenant '" + slug + "'"));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String newName = name != null ? name : current.name();
		String newStatus = status != null ? status : current.status();
		this.tenants.update(current.id(), newName, newStatus, now);
		if (!newStatus.equals(current.status())) {
			log.info("Tenant {} is now {}", slug, newStatus);
		}
		return new Tenant(current.id(), slug, newName, current.region(), newStatus, current.createdAt(), now);
	}

}
