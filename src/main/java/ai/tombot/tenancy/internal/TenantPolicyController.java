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

import ai.tombot.tenancy.TenantService;

/** A tenant's security policies, set by its admins or by operators. */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:tenant-policies:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Tenant policies", description = "Tenant admins for their tenant, operators for any")
class TenantPolicyController {

	private final TenantService tenants;

	TenantPolicyController(TenantService tenants) {
		this.tenants = tenants;
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
