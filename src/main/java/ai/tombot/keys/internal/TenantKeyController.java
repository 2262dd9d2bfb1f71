package ai.tombot.keys.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.keys.KeyService;
import ai.tombot.keys.TenantKeyStatus;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

/** A tenant's keys for operators and the tenant's admins: ids, versions, states, times; never material. */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}/keys", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:tenant-keys:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Keys", description = "Tenant admins for their tenant, operators for any")
class TenantKeyController {

	private final KeyService keys;

	private final TenantService tenants;

	TenantKeyController(KeyService keys, TenantService tenants) {
		this.keys = keys;
		this.tenants = tenants;
	}

	@GetMapping
	@Operation(summary = "The tenant's key: versions, states, creation and rotation times, re-wrap progress")
	TenantKeyStatus status(@PathVariable String tenant) {
		return this.keys.status(id(tenant));
	}

	@PostMapping("/rotate")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Rotate the tenant's key",
			description = "A new primary version encrypts from now on; the tenant's subject keys are re-wrapped under "
					+ "it in the background, after which the older versions are disabled. Answers the state right after "
					+ "the rotation; GET shows the re-wrap's progress.")
	@ApiResponse(responseCode = "202", description = "Rotated; re-wrap under way")
	TenantKeyStatus rotate(@PathVariable String tenant) {
		return this.keys.rotateTenantKey(id(tenant));
	}

	private java.util.UUID id(String slug) {
		return this.tenants.require(slug).id();
	}

}
