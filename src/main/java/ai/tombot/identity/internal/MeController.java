package ai.tombot.identity.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.identity.ApiKeyCaller;
import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.identity.Caller;
import ai.tombot.identity.LoggedOut;
import ai.tombot.identity.Permission;
import ai.tombot.identity.Role;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * The caller's own account and session: who am I, password change and logout. Everything but
 * "who am I" needs a login session; an API key gets 403 there.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "Own account")
class MeController {

	private final PasswordChanges passwords;

	private final SessionStore sessions;

	private final TenantService tenants;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MeController(PasswordChanges passwords, SessionStore sessions, TenantService tenants,
			ApplicationEventPublisher events, Clock clock) {
		this.passwords = passwords;
		this.sessions = sessions;
		this.tenants = tenants;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The caller as the server sees it.
	 *
	 * @param kind {@code user} or {@code apiKey}
	 * @param name the username, or the API key's name
	 * @param tenant the tenant's slug; null for platform staff
	 * @param roles a user's roles; empty for an API key
	 * @param scopes an API key's scopes; empty for a user
	 * @param permissions the authorities of what the caller may do
	 */
	record Me(String kind, UUID id, String name, String tenant, List<String> roles, List<String> scopes,
			List<String> permissions) {
	}

	@GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("isAuthenticated()")
	@Operation(summary = "Who am I", description = "The caller (a user or an API key), its tenant and permissions.")
	Me me(@AuthenticationPrincipal Caller caller) {
		String tenant = caller.platformStaff() ? null
				: this.tenants.find(caller.tenantId()).map(Tenant::slug).orElse(null);
		List<String> permissions = caller.permissions().stream().sorted().map(Permission::authority).toList();
		if (caller instanceof ApiKeyCaller key) {
			return new Me("apiKey", key.id(), key.name(), tenant, List.of(), key.scopes().stream().sorted().toList(),
					permissions);
		}
		AuthenticatedUser user = (AuthenticatedUser) caller;
		return new Me("user", user.id(), user.username(), tenant,
				user.roles().stream().sorted().map(Role::name).toList(), List.of(), permissions);
	}

	/** {@code toString} hides both passwords. */
	record ChangePassword(@NotNull @Size(max = 1024) String currentPassword, @NotNull @Size(max = 1024) String newPassword) {

		@Override
		public String toString() {
			return "ChangePassword[currentPassword=<hidden>, newPassword=<hidden>]";
		}

	}

	@PostMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Change your own password",
			description = "Needs the current password. The new one must meet the password policy and not be one of "
					+ "your last 4. Ends every other session of yours; this one stays.")
	@ApiResponse(responseCode = "204", description = "Changed")
	@PreAuthorize("hasAuthority('tombot:session')")
	void changePassword(@AuthenticationPrincipal AuthenticatedUser caller, @Valid @RequestBody ChangePassword request,
			HttpServletRequest http) {
		this.passwords.change(caller, BearerTokenFilter.token(http), request.currentPassword(), request.newPassword());
	}

	@PostMapping("/api/v1/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "End this session", description = "The bearer token stops working at once, on every node.")
	@PreAuthorize("hasAuthority('tombot:session')")
	@ApiResponse(responseCode = "204", description = "Logged out")
	void logout(@AuthenticationPrincipal AuthenticatedUser caller, HttpServletRequest http,
			HttpServletResponse response) {
		// the audit entry commits with the session's end, or the session goes on
		this.sessions.revoke(BearerTokenFilter.token(http), () -> this.events
			.publishEvent(new LoggedOut(caller.id(), caller.tenantId(), this.clock.instant())));
		if (BearerTokenFilter.byCookie(http)) {
			response.addHeader(HttpHeaders.SET_COOKIE, SessionCookie.clear().toString());
		}
	}

}
