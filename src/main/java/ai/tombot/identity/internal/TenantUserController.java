package ai.tombot.identity.internal;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ai.tombot.identity.Caller;
import ai.tombot.identity.internal.UserRepository.TenantUser;

/**
 * A tenant's users. Tenant admins manage their own tenant's, operators any tenant's;
 * auditors may read. Every check is in {@link TenantUserService}.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}/users", produces = MediaType.APPLICATION_JSON_VALUE)
@SecurityRequirement(name = "bearer")
@Tag(name = "Tenant users", description = "Tenant admins for their tenant, operators for any; auditors may read")
class TenantUserController {

	private final TenantUserService users;

	TenantUserController(TenantUserService users) {
		this.users = users;
	}

	/** The body of a new user; {@code toString} hides the password. */
	record CreateUser(@NotNull @Size(max = 100) String username, @Email @Size(max = 320) String email,
			@NotNull @Size(max = 1024) String password, @NotEmpty @Size(max = 10) List<String> roles,
			Boolean mustChangePassword) {

		@Override
		public String toString() {
			return "CreateUser[username=" + this.username + ", roles=" + this.roles + ", password=<hidden>]";
		}

	}

	/** A partial update: absent (or null) fields keep their value. */
	record UpdateUser(@Email @Size(max = 320) String email, @Size(min = 1, max = 10) List<String> roles,
			@Pattern(regexp = "active|disabled", message = "must be 'active' or 'disabled'") String status,
			Boolean mustChangePassword) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add a user to the tenant with one or more tenant roles")
	@ApiResponse(responseCode = "201", description = "Created")
	@ApiResponse(responseCode = "409", description = "The tenant has a user of that name already")
	ResponseEntity<TenantUser> create(@AuthenticationPrincipal Caller caller,
			@Parameter(description = "the tenant's slug") @PathVariable String tenant,
			@Valid @RequestBody CreateUser request) {
		TenantUser user = this.users.create(caller, tenant, request.username(), request.email(), request.password(),
				request.roles(), Boolean.TRUE.equals(request.mustChangePassword()));
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(user.id()).toUri())
			.body(user);
	}

	@GetMapping
	@Operation(summary = "List the tenant's users, by username")
	List<TenantUser> list(@AuthenticationPrincipal Caller caller, @PathVariable String tenant) {
		return this.users.list(caller, tenant);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read one user of the tenant")
	TenantUser get(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@PathVariable UUID id) {
		return this.users.get(caller, tenant, id);
	}

	@PatchMapping(path = "/{id}", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json" })
	@Operation(summary = "Change a user's e-mail, roles or status, or force a password change",
			description = "Disabling a user ends all of its sessions at once, on every node.")
	@ApiResponse(responseCode = "200", description = "The user after the change")
	@ApiResponse(responseCode = "409", description = "The change would lock the caller out")
	TenantUser update(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@PathVariable UUID id, @Valid @RequestBody UpdateUser request) {
		return this.users.update(caller, tenant, id, request.email(), request.roles(), request.status(),
				request.mustChangePassword());
	}

	@PostMapping("/{id}/unlock")
	@Operation(summary = "End a user's lockout after too many failed logins")
	@ApiResponse(responseCode = "200", description = "The user, unlocked")
	TenantUser unlock(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@PathVariable UUID id) {
		return this.users.unlock(caller, tenant, id);
	}

	@DeleteMapping("/{id}/mfa")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Reset a user's second factor",
			description = "For a user who lost its authenticator and its recovery codes: removes both and ends the "
					+ "user's sessions. The user then logs in with its password and enrols again.")
	@ApiResponse(responseCode = "204", description = "Reset (or there was none)")
	void resetMfa(@AuthenticationPrincipal Caller caller, @PathVariable String tenant, @PathVariable UUID id) {
		this.users.resetMfa(caller, tenant, id);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a user of the tenant and its sessions")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "409", description = "Callers cannot delete themselves")
	void delete(@AuthenticationPrincipal Caller caller, @PathVariable String tenant, @PathVariable UUID id) {
		this.users.delete(caller, tenant, id);
	}

}
