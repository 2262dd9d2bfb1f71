package ai.tombot.identity.internal;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Setup and login")
class SetupController {

	private final SetupService setup;

	SetupController(SetupService setup) {
		this.setup = setup;
	}

	/** The body of {@code POST /api/v1/setup}; {@code toString} hides the secrets. */
	record SetupRequest(@NotNull @Size(max = 200) String setupToken, @NotNull @Size(max = 100) String username,
			@NotNull @Size(max = 1024) String password) {

		@Override
		public String toString() {
			return "SetupRequest[setupToken=<hidden>, username=<hidden>, password=<hidden>]";
		}

	}

	record OperatorCreated(UUID id, String username, List<String> roles) {
	}

	@PostMapping(path = "/api/v1/setup", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create the first platform operator with the one-time setup token",
			description = "Works once: the token is in <data-dir>/setup-token while no operator exists.")
	@ApiResponse(responseCode = "201", description = "The operator was created; the token file is deleted")
	@ApiResponse(responseCode = "401", description = "The setup token is wrong")
	@ApiResponse(responseCode = "409", description = "Setup was done already")
	OperatorCreated setUp(@Valid @RequestBody SetupRequest request) {
		UUID id = this.setup.setUp(request.setupToken(), request.username(), request.password());
		return new OperatorCreated(id, request.username(), List.of("OPERATOR"));
	}

}
