package ai.tombot.identity.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.identity.AuthenticatedUser;

/** The caller's own account and session: password change and logout. */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "Own account")
class MeController {

	private final PasswordChanges passwords;

	private final SessionStore sessions;

	MeController(PasswordChanges passwords, SessionStore sessions) {
		this.passwords = passwords;
		this.sessions = sessions;
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
	void changePassword(@AuthenticationPrincipal AuthenticatedUser caller, @Valid @RequestBody ChangePassword request,
			HttpServletRequest http) {
		this.passwords.change(caller, BearerTokenFilter.token(http), request.currentPassword(), request.newPassword());
	}

	@PostMapping("/api/v1/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "End this session", description = "The bearer token stops working at once, on every node.")
	@ApiResponse(responseCode = "204", description = "Logged out")
	void logout(HttpServletRequest http) {
		this.sessions.revoke(BearerTokenFilter.token(http));
	}

}
