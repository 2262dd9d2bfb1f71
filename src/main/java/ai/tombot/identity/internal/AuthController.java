package ai.tombot.identity.internal;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.identity.internal.SessionStore.NewSession;

@RestController
@Tag(name = "Setup and login")
class AuthController {

	private final LoginService logins;

	AuthController(LoginService logins) {
		this.logins = logins;
	}

	/**
	 * The body of {@code POST /api/v1/auth/login}: {@code tenant} is the slug of a tenant
	 * user's tenant, absent for platform staff. {@code toString} hides the password.
	 */
	record LoginRequest(@Size(max = 40) String tenant, @NotNull @Size(max = 100) String username,
			@NotNull @Size(max = 1024) String password) {

		@Override
		public String toString() {
			return "LoginRequest[tenant=" + this.tenant + ", username=<hidden>, password=<hidden>]";
		}

	}

	/** A bearer token for {@code Authorization: Bearer}; {@code toString} hides it. */
	record LoginResponse(String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "LoginResponse[token=<hidden>, expiresAt=" + this.expiresAt + "]";
		}

	}

	@PostMapping(path = "/api/v1/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Log in with a username and a password",
			description = "Tenant users also name their tenant's slug; platform staff leave it out. Answers an opaque "
					+ "bearer token. Every failure answers the same 401.")
	@ApiResponse(responseCode = "200", description = "Logged in")
	@ApiResponse(responseCode = "401", description = "The username or the password is wrong")
	@ApiResponse(responseCode = "429", description = "Too many failed logins from this address; see Retry-After")
	LoginResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		String userAgent = http.getHeader("User-Agent");
		if (userAgent != null && userAgent.length() > 200) {
			userAgent = userAgent.substring(0, 200);
		}
		NewSession session = this.logins.login(new LoginService.Attempt(request.tenant(), request.username(),
				request.password(), http.getRemoteAddr(), userAgent));
		return new LoginResponse(session.token(), session.expiresAt());
	}

}
