package ai.tombot.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import ai.tombot.platform.Cidr;

/** The tenancy module's facade. */
public interface TenantService {

	/**
	 * Creates a tenant in the control store and its home record in its region's store.
	 * @throws ai.tombot.platform.ApiProblem 400 for an unknown region, 409 for a taken slug
	 */
	Tenant create(String slug, String name, String region);

	List<Tenant> list();

	Optional<Tenant> find(String slug);

	/**
	 * The tenant a request names.
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug
	 */
	default Tenant require(String slug) {
		return find(slug).orElseThrow(() -> ai.tombot.platform.ApiProblem.notFound("Tenant '" + slug + "'"));
	}

	Optional<Tenant> find(UUID id);

	/**
	 * The tenant's region, which never changes: answered from memory after the first call, for
	 * the hot paths (encryption, audit entries).
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown tenant
	 */
	String region(UUID id);

	/**
	 * Changes the name and/or the status; null leaves a value as it is.
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug
	 */
	Tenant update(String slug, String name, String status);

	/**
	 * Whether every user of the tenant must have a second factor.
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug
	 */
	boolean mfaRequired(String slug);

	/** @throws ai.tombot.platform.ApiProblem 404 for an unknown slug */
	void requireMfa(String slug, boolean required);

	/**
	 * The ranges that requests in the tenant's scope must come from; empty when they may come
	 * from anywhere.
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug
	 */
	List<Cidr> networkAllowlist(String slug);

	/** The same, by id, for checking each request; empty for an unknown id. */
	List<Cidr> networkAllowlist(UUID tenantId);

	/**
	 * Replaces the allowlist; an empty list lifts the restriction.
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug
	 */
	void setNetworkAllowlist(String slug, List<Cidr> ranges);

}
