package ai.tombot.audit.internal;

import org.springframework.stereotype.Component;

import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantHomeInitializer;

/** Starts a new tenant's chain in its region's store, in the transaction that makes the tenant there. */
@Component
class AuditChainInitializer implements TenantHomeInitializer {

	private final Stores stores;

	AuditChainInitializer(Stores stores) {
		this.stores = stores;
	}

	@Override
	public void initialize(Tenant tenant) {
		this.stores.region(tenant.region())
			.jdbc()
			.sql("insert into audit_head (chain, seq, hash) values (:chain, 0, :genesis)")
			.param("chain", tenant.id().toString())
			.param("genesis", AuditRow.GENESIS)
			.update();
	}

}
