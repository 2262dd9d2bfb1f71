package ai.tombot.tenancy.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

@RestController
@RequestMapping(path = "/api/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
@SecurityRequirement(name = "bearer")
@Tag(name = "Tenants", description = "Operators; security responders may read")
class TenantController {

	/** Permission.TENANTS_MANAGE: operators. */
	static final String MANAGE = "hasAuthority('tombot:tenants:manage')";

	/** Permission.TENANTS_READ: operators and security responders. */
	static final String READ = "hasAuthority('tombot:tenants:read')";

	static final String SLUG = "[a-z0-9-]{3,40}";

	/** Printable text with at least one non-space character: no control characters (NUL, newline, ...). */
	static final String NAME = "[^\\p{Cc}]*[^\\p{Cc}\\s][^\\p{Cc}]*";

	static final String NAME_RULE = "must be 1 to 200 characters, not blank, without control characters";

	static final String TYPE_REGION_IMMUTABLE = "urn:tombot:problem:tenant-region-immutable";

	static final String TYPE_SLUG_IMMUTABLE = "urn:tombot:problem:tenant-slug-immutable";

	private final TenantService tenants;

	private final Stores stores;

	TenantController(TenantService tenants, Stores stores) {
		this.tenants = tenants;
		this.stores = stores;
	}

	record CreateTenant(
			@NotNull @Pattern(regexp = SLUG, message = "must be 3 to 40 characters of a-z, 0-9 and '-'") String slug,
			@NotNull @Size(min = 1, max = 200, message = NAME_RULE) @Pattern(regexp = NAME, message = NAME_RULE) String name,
			@NotBlank @Size(max = 32) String region) {
	}

	/** A partial update: absent (or null) fields keep their value. */
	record UpdateTenant(
			@Size(min = 1, max = 200, message = NAME_RULE) @Pattern(regexp = NAME, message = NAME_RULE) String name,
			@Pattern(regexp = "active|suspended", message = "must be 'active' or 'suspended'") String status,
			String region, String slug) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize(MANAGE)
	@Operation(summary = "Create a tenant whose data lives in the given region")
	@ApiResponse(responseCode = "201", description = "Created")
	@ApiResponse(responseCode = "409", description = "The slug is taken")
	ResponseEntity<Tenant> create(@Valid @RequestBody CreateTenant request) {
		if (!this.stores.regions().contains(request.region())) {
			throw ApiProblem.invalid("region", "must be one of " + this.stores.regions());
		}
		Tenant tenant = this.tenants.create(request.slug(), request.name().strip(), request.region());
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{tenant}").buildAndExpand(tenant.slug()).toUri())
			.body(tenant);
	}

	@GetMapping
	@PreAuthorize(READ)
	@Operation(summary = "List all tenants, by slug")
	List<Tenant> list() {
		return this.tenants.list();
	}

	@GetMapping("/{tenant}")
	@PreAuthorize(READ)
	@Operation(summary = "Read one tenant")
	Tenant get(@PathVariable("tenant") String slug) {
		return existing(slug);
	}

	@PreAuthorize(MANAGE)
	@PatchMapping(path = "/{tenant}", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json" })
	@Operation(summary = "Change a tenant's name or status",
			description = "The region and the slug are fixed at creation; a request to change either answers 409.")
	@ApiResponse(responseCode = "200", description = "The tenant after the change")
	@ApiResponse(responseCode = "409", description = "The request tries to change the region or the slug")
	Tenant update(@PathVariable("tenant") String slug, @Valid @RequestBody UpdateTenant request) {
		Tenant current = existing(slug);
		if (request.region() != null && !request.region().equals(current.region())) {
			throw new ApiProblem(HttpStatus.CONFLICT, TYPE_REGION_IMMUTABLE, "Region is fixed",
					"A tenant's region is fixed at creation; tenant '" + slug + "' stays in region '" + current.region() + "'");
		}
		if (request.slug() != null && !request.slug().equals(current.slug())) {
			throw new ApiProblem(HttpStatus.CONFLICT, TYPE_SLUG_IMMUTABLE, "Slug is fixed",
					"A tenant's slug is fixed at creation");
		}
		return this.tenants.update(slug, request.name() == null ? null : request.name().strip(), request.status());
	}


	private Tenant existing(String slug) {
		return this.tenants.require(slug);
	}

}
