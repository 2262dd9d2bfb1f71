package ai.tombot.identity.internal;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.identity.Caller;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Cidr;
import ai.tombot.tenancy.TenantService;

/**
 * A tenant's network allowlist, set by its admins or by operators. It binds every request of
 * the tenant's users and API keys, and their logins; platform staff are not bound by it.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}/network-allowlist", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:tenant-policies:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Tenant policies")
class NetworkAllowlistController {

	static final String TYPE_SELF_LOCKOUT = "urn:tombot:problem:network-self-lockout";

	static final int MAX_RANGES = 100;

	private final TenantService tenants;

	NetworkAllowlistController(TenantService tenants) {
		this.tenants = tenants;
	}

	/** @param cidrs IPv4 and IPv6 ranges in CIDR notation, or single addresses; empty for no restriction */
	record Allowlist(@NotNull @Size(max = MAX_RANGES) List<String> cidrs) {
	}

	@GetMapping
	@Operation(summary = "Read the tenant's network allowlist", description = "An empty list means no restriction.")
	Allowlist get(@PathVariable String tenant) {
		return new Allowlist(this.tenants.networkAllowlist(tenant).stream().map(Cidr::toString).toList());
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace the tenant's network allowlist",
			description = "IPv4 and IPv6 CIDR ranges (or single addresses), at most " + MAX_RANGES + ". From then on, "
					+ "every request of the tenant's users and API keys, and every login, from another address answers "
					+ "403 network-access-denied. An empty list lifts the restriction. A tenant user cannot set a list "
					+ "that leaves out its own address (409 network-self-lockout).")
	@ApiResponse(responseCode = "200", description = "The allowlist now in force, in canonical form")
	@ApiResponse(responseCode = "400", description = "An entry is not an address or range")
	@ApiResponse(responseCode = "409", description = "The list leaves out the caller's own address")
	Allowlist put(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@Valid @RequestBody Allowlist request, HttpServletRequest http) {
		List<Cidr> ranges = new ArrayList<>();
		for (int i = 0; i < request.cidrs().size(); i++) {
			try {
				ranges.add(Cidr.parse(request.cidrs().get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw ApiProblem.invalid("cidrs[" + i + "]", ex.getMessage());
			}
		}
		if (!caller.platformStaff() && !ranges.isEmpty() && !NetworkAllowlists.admitted(ranges, http.getRemoteAddr())) {
			throw ApiProblem.conflict(TYPE_SELF_LOCKOUT, "Your own address " + http.getRemoteAddr()
					+ " is not in the list: you would be locked out. Add it, or ask an operator");
		}
		this.tenants.setNetworkAllowlist(tenant, ranges);
		return get(tenant);
	}

}
