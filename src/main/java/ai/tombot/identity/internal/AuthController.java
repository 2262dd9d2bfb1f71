package ai.tombot.identity.internal;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

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

	/**
	 * A bearer token for {@code Authorization: Bearer}; or, for a user with a second factor,
	 * {@code mfaRequired} and the {@code mfaToken} for {@code POST /api/v1/auth/mfa}. Absent
	 * fields are left out. {@code toString} hides the tokens.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LoginResponse(String token, Boolean mfaRequired, String mfaToken, Instant expiresAt) {

		@Override
		public String toString() {
			return "LoginResponse[mfaRequired=" + this.mfaRequired + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	/** The body of {@code POST /api/v1/auth/mfa}; {@code toString} hides both. */
	record MfaRequest(@NotNull @Size(max = 200) String mfaToken, @NotNull @Size(max = 32) String code) {

		@Override
		public String toString() {
			return "MfaRequest[<hidden>]";
		}

	}

	@PostMapping(path = "/api/v1/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Log in with a username and a password",
			description = "Tenant users also name their tenant's slug; platform staff leave it out. Answers an opaque "
					+ "bearer token. Every failure answers the same 401.")
	@ApiResponse(responseCode = "200", description = "Logged in, or (mfaRequired) the password is right and the "
			+ "second factor is due at POST /api/v1/auth/mfa")
	@ApiResponse(responseCode = "401", description = "The username or the password is wrong")
	@ApiResponse(responseCode = "429", description = "Too many failed logins from this address; see Retry-After")
	LoginResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		LoginService.Outcome outcome = this.logins.login(new LoginService.Attempt(request.tenant(), request.username(),
				request.password(), http.getRemoteAddr(), userAgent(http)));
		if (outcome.challenge() != null) {
			return new LoginResponse(null, true, outcome.challenge().mfaToken(), outcome.challenge().expiresAt());
		}
		return new LoginResponse(outcome.session().token(), null, null, outcome.session().expiresAt());
	}

	@PostMapping(path = "/api/v1/auth/mfa", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Second step of a login with MFA",
			description = "The mfaToken from the login answer, and a TOTP code (6 digits) or one of the recovery codes. "
					+ "A TOTP code is accepted once only. Every failure answers the same 401.")
	@ApiResponse(responseCode = "200", description = "Logged in")
	@ApiResponse(responseCode = "401", description = "The code is wrong, or the MFA token is unknown or expired")
	@ApiResponse(responseCode = "429", description = "Too many failed logins from this address; see Retry-After")
	LoginResponse mfa(@Valid @RequestBody MfaRequest request, HttpServletRequest http) {
		NewSession session = this.logins.completeMfa(new LoginService.MfaAttempt(request.mfaToken(), request.code(),
				http.getRemoteAddr(), userAgent(http)));
		return new LoginResponse(session.token(), null, null, session.expiresAt());
	}

	private static String userAgent(HttpServletRequest http) {
		String userAgent = http.getHeader("User-Agent");
		return userAgent != null && userAgent.length() > 200 ? userAgent.substring(0, 200) : userAgent;
	}

}
