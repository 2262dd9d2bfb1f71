package ai.tombot.identity.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.identity.internal.MfaService.Enrolling;

/**
 * Enrolment of one's own TOTP second factor. The secret and the recovery codes are each shown
 * once, in answers that no cache may keep.
 */
@RestController
@PreAuthorize("hasAuthority('tombot:session')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Own account")
class MfaController {

	static final String ENROL = "/api/v1/me/mfa/totp";

	static final String CONFIRM = "/api/v1/me/mfa/totp/confirm";

	private final MfaService mfa;

	MfaController(MfaService mfa) {
		this.mfa = mfa;
	}

	record ConfirmRequest(@NotNull @Size(max = 32) String code) {

		@Override
		public String toString() {
			return "ConfirmRequest[code=<hidden>]";
		}

	}

	/** {@code toString} hides the password. */
	record BeginRequest(@NotNull @Size(max = 1024) String currentPassword) {

		@Override
		public String toString() {
			return "BeginRequest[currentPassword=<hidden>]";
		}

	}

	record RecoveryCodes(List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "RecoveryCodes[<hidden>]";
		}

	}

	@PostMapping(path = ENROL, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Start enrolling a TOTP authenticator",
			description = "Needs the current password again, so that a stolen session cannot bind another "
					+ "authenticator; a wrong one counts toward the lockout. Answers the secret (base32) and an "
					+ "otpauth:// URI for a QR code, this once. Starting again before confirming replaces the secret.")
	@ApiResponse(responseCode = "200", description = "The secret, to put into an authenticator app")
	@ApiResponse(responseCode = "400", description = "The current password is wrong")
	@ApiResponse(responseCode = "409", description = "A second factor is enrolled already")
	ResponseEntity<Enrolling> begin(@AuthenticationPrincipal AuthenticatedUser caller,
			@Valid @RequestBody BeginRequest request) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(this.mfa.begin(caller, request.currentPassword()));
	}

	@PostMapping(path = CONFIRM, consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Confirm the enrolment with a first code",
			description = "Activates the second factor and answers 10 single-use recovery codes, this once.")
	@ApiResponse(responseCode = "200", description = "Enrolled; keep the recovery codes somewhere safe")
	@ApiResponse(responseCode = "400", description = "The code is wrong (mfa-code-invalid)")
	@ApiResponse(responseCode = "409", description = "No enrolment was started, or it is confirmed already")
	ResponseEntity<RecoveryCodes> confirm(@AuthenticationPrincipal AuthenticatedUser caller,
			@Valid @RequestBody ConfirmRequest request) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new RecoveryCodes(this.mfa.confirm(caller, request.code())));
	}

}
