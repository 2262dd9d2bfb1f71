package ai.tombot.keys.internal;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;

/** Master-key rotation, for operators. */
@RestController
@PreAuthorize("hasAuthority('tombot:master-keys:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Keys")
class MasterKeyController {

	private final KeyService keys;

	private final MasterKeys masters;

	MasterKeyController(KeyService keys, MasterKeys masters) {
		this.keys = keys;
		this.masters = masters;
	}

	@PostMapping(path = "/api/v1/regions/{region}/master-key/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Rotate a region's master key",
			description = "For a file-based master key, adds a new primary version to the file first. Then re-wraps "
					+ "every tenant key of the region under the master key's primary version. KMS and environment keys "
					+ "get their new versions where they live, before this call.")
	@ApiResponse(responseCode = "200", description = "Every tenant key of the region re-wrapped")
	@ApiResponse(responseCode = "503", description = "This node has no master key for the region")
	Map<String, Object> rotate(@PathVariable String region) {
		if (!this.masters.availability().containsKey(region)) {
			throw ApiProblem.notFound("Region '" + region + "'");
		}
		return Map.of("region", region, "tenantKeys", this.keys.rotateMasterKey(region));
	}

}
