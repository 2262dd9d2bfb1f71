package ai.tombot.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import ai.tombot.platform.Cidr;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/** A tenancy without tenants, for tests that log in platform staff only. */
final class NoTenants implements TenantService {

	@Override
	public Tenant create(String slug, String name, String region) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<Tenant> list() {
		return List.of();
	}

	@Override
	public Optional<Tenant> find(String slug) {
		return Optional.empty();
	}

	@Override
	public Optional<Tenant> find(UUID id) {
		return Optional.empty();
	}

	@Override
	public String region(UUID id) {
		throw ai.tombot.platform.ApiProblem.notFound("Tenant " + id);
	}

	@Override
	public Tenant update(String slug, String name, String status) {
		throw new UnsupportedOperationException();
	}


	@Override
	public boolean mfaRequired(String slug) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void requireMfa(String slug, boolean required) {
		throw new UnsupportedOperationException();
	}


	@Override
	public List<Cidr> networkAllowlist(String slug) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<Cidr> networkAllowlist(UUID tenantId) {
		return List.of();
	}

	@Override
	public void setNetworkAllowlist(String slug, List<Cidr> ranges) {
		throw new UnsupportedOperationException();
	}

}
