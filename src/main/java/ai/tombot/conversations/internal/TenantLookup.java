package ai.tombot.conversations.internal;

import org.springframework.stereotype.Component;

import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/** The tenant a path names. */
@Component
class TenantLookup {

	private final TenantService tenants;

	TenantLookup(TenantService tenants) {
		this.tenants = tenants;
	}

	/** @throws ApiProblem 404 for an unknown slug */
	Tenant tenant(String slug) {
		return this.tenants.find(slug).orElseThrow(() -> ApiProblem.notFound("Tenant '" + slug + "'"));
	}

}
