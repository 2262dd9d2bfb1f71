package ai.tombot.tenancy.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.platform.ApiProblem;
import ai.tombot.redaction.FindingType;
import ai.tombot.redaction.RedactionPolicy;
import ai.tombot.tenancy.TenantDataPolicies;
import ai.tombot.tenancy.TenantService;

/** A tenant's security policies, set by its admins or by operators. */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:tenant-policies:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Tenant policies", description = "Tenant admins for their tenant, operators for any")
class TenantPolicyController {

	private final TenantService tenants;

	private final TenantDataPolicies policies;

	TenantPolicyController(TenantService tenants, TenantDataPolicies policies) {
		this.tenants = tenants;
		this.policies = policies;
	}

	/**
	 * @param actions REDACT, TOKENIZE or KEEP per type; a type not named takes its default
	 * @param phoneRegion the country of phone numbers written without a country code; absent keeps US
	 */
	record RedactionPolicyView(java.util.Map<FindingType, RedactionPolicy.Action> actions, String phoneRegion) {

		static RedactionPolicyView of(RedactionPolicy policy) {
			return new RedactionPolicyView(policy.actions(), policy.phoneRegion());
		}

	}

	@GetMapping("/redaction-policy")
	@Operation(summary = "Read what becomes of each type of sensitive data found in the tenant's messages")
	RedactionPolicyView redactionPolicy(@PathVariable String tenant) {
		return RedactionPolicyView.of(this.policies.redactionPolicy(tenant));
	}

	@PutMapping(path = "/redaction-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set what becomes of each type of sensitive data in the tenant's messages",
			description = "Types: CARD_NUMBER and US_SSN (REDACT only), EMAIL, PHONE, IBAN (default TOKENIZE), "
					+ "IP_ADDRESS (default KEEP). A type not named takes its default. It applies to messages that "
					+ "arrive from now on (on other nodes within " + TenantDataPolicies.PROPAGATION_SECONDS
					+ " seconds); stored messages stay as they were stored.")
	RedactionPolicyView setRedactionPolicy(@PathVariable String tenant, @RequestBody RedactionPolicyView policy) {
		RedactionPolicy parsed;
		try {
			parsed = RedactionPolicy.DEFAULT.with(policy.actions() == null ? java.util.Map.of() : policy.actions(),
					policy.phoneRegion());
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.invalid("actions", ex.getMessage());
		}
		return RedactionPolicyView.of(this.policies.setRedactionPolicy(tenant, parsed));
	}

	/** @param days how long messages are kept after they arrive; 0 keeps them forever */
	record RetentionPolicy(@NotNull Integer days) {
	}

	@GetMapping("/retention-policy")
	@Operation(summary = "Read how long the tenant's messages are kept")
	RetentionPolicy retentionPolicy(@PathVariable String tenant) {
		return new RetentionPolicy(this.policies.retentionDays(
				this.tenants.require(tenant).id()));
	}

	@PutMapping(path = "/retention-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set how long the tenant's messages are kept",
			description = "0 keeps them forever; at most 36500. The purge runs every hour, once across the cluster, "
					+ "and deletes messages received longer ago, and conversations left empty.")
	RetentionPolicy setRetentionPolicy(@PathVariable String tenant, @Valid @RequestBody RetentionPolicy policy) {
		this.policies.setRetentionDays(tenant, policy.days());
		return retentionPolicy(tenant);
	}

	/** @param required whether every user of the tenant must have a second factor */
	record MfaPolicy(@NotNull Boolean required) {
	}

	@GetMapping("/mfa-policy")
	@Operation(summary = "Read whether the tenant requires MFA of all its users")
	MfaPolicy mfaPolicy(@PathVariable String tenant) {
		return new MfaPolicy(this.tenants.mfaRequired(tenant));
	}

	@PutMapping(path = "/mfa-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Require MFA of all the tenant's users, or stop requiring it",
			description = "While required, a user without a second factor can, after logging in, only enrol one "
					+ "(every other call answers 403 mfa-enrollment-required).")
	MfaPolicy setMfaPolicy(@PathVariable String tenant, @Valid @RequestBody MfaPolicy policy) {
		this.tenants.requireMfa(tenant, policy.required());
		return new MfaPolicy(this.tenants.mfaRequired(tenant));
	}

}
