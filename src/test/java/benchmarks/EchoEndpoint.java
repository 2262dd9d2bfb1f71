package benchmarks;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ingest benchmark's baseline: the same server, the same HTTPS, the same API-key check and
 * the same JSON in and out, and nothing else. Outside {@code ai.tombot} so that no server but
 * the benchmark's has it.
 */
@RestController
public class EchoEndpoint {

	@PostMapping(path = "/bench/echo", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasAuthority('tombot:conversations:write')")
	Map<String, Object> echo(@RequestBody Map<String, Object> body) {
		return body;
	}

}
