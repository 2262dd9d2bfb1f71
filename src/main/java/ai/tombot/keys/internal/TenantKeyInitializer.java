package ai.tombot.keys.internal;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantHomeInitializer;

/**
 * Makes each tenant's key with the tenant, in its region; and, at startup, for any tenant of
 * a region this node has the master key of that was created before keys existed. At startup
 * it also re-applies each region's erasure ledger, so that no restored key of an erased
 * subject survives.
 */
@Component
class TenantKeyInitializer implements TenantHomeInitializer, SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(TenantKeyInitializer.class);

	private final TenantKeys tenantKeys;

	private final MasterKeys masters;

	private final Stores stores;

	private final SubjectKeys subjectKeys;

	TenantKeyInitializer(TenantKeys tenantKeys, SubjectKeys subjectKeys, MasterKeys masters, Stores stores) {
		this.subjectKeys = subjectKeys;
		this.tenantKeys = tenantKeys;
		this.masters = masters;
		this.stores = stores;
	}

	@Override
	public void initialize(Tenant tenant) {
		this.tenantKeys.create(tenant.region(), tenant.id());
	}

	/** Before the web server takes requests: singletons are ready, nothing is served yet. */
	@Override
	public void afterSingletonsInstantiated() {
		atStartup();
	}

	void atStartup() {
		this.masters.availability().forEach((region, available) -> {
			int erased = this.subjectKeys.enforceErasures(region);
			if (erased > 0) {
				log.warn("Region {} held {} keys of erased data subjects (restored from a backup?): deleted them again",
						region, erased);
			}
			if (!available) {
				return;
			}
			for (UUID tenantId : this.stores.region(region)
				.jdbc()
				.sql("select tenant_id from tenant_home h where not exists "
						+ "(select 1 from tenant_key k where k.tenant_id = h.tenant_id)")
				.query(UUID.class)
				.list()) {
				try {
					this.stores.region(region).tx().executeWithoutResult(status -> this.tenantKeys.create(region, tenantId));
					log.info("Made the missing key of tenant {} in region {}", tenantId, region);
				}
				catch (DuplicateKeyException ex) {
					// another node starting at the same time made it
				}
			}
		});
	}

}
