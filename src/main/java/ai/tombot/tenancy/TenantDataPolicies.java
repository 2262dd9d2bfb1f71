package ai.tombot.tenancy;

import java.util.UUID;

import ai.tombot.redaction.RedactionPolicy;

/**
 * A tenant's policies for its customers' data: what becomes of personal data found in
 * messages, and how long messages are kept. Changes take effect on this node at once and on
 * other nodes within {@link #PROPAGATION_SECONDS} seconds.
 */
public interface TenantDataPolicies {

	/** How long another node may still apply a policy changed here. */
	int PROPAGATION_SECONDS = 5;

	/** For the ingest path: from memory when recently read. @throws ai.tombot.platform.ApiProblem 404 for an unknown tenant */
	RedactionPolicy redactionPolicy(UUID tenantId);

	/** @throws ai.tombot.platform.ApiProblem 404 for an unknown slug */
	RedactionPolicy redactionPolicy(String slug);

	/**
	 * Replaces the tenant's policy, audited.
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug
	 */
	RedactionPolicy setRedactionPolicy(String slug, RedactionPolicy policy);

	/** Days messages are kept after they arrive; 0 keeps them forever. @throws ai.tombot.platform.ApiProblem 404 for an unknown tenant */
	int retentionDays(UUID tenantId);

	/**
	 * @param days 0 (forever) to 36,500
	 * @throws ai.tombot.platform.ApiProblem 404 for an unknown slug, 400 for days out of range
	 */
	void setRetentionDays(String slug, int days);

}
