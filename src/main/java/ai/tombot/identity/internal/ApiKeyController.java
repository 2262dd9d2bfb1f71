package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ai.tombot.identity.Caller;
import ai.tombot.identity.internal.ApiKeyRepository.StoredKey;
import ai.tombot.identity.internal.ApiKeyService.IssuedKey;

/** A tenant's API keys, for its admins and for operators. */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:api-keys:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "API keys", description = "Keys for a tenant's integrations, sent as Authorization: Bearer tbk_...")
class ApiKeyController {

	private final ApiKeyService keys;

	private final Clock clock;

	ApiKeyController(ApiKeyService keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** @param expiresAt absent for a key that does not expire */
	record CreateKey(@NotNull @Size(max = 100) String name, @NotNull @Size(max = 10) List<String> scopes,
			Instant expiresAt) {
	}

	/** A key as listed: never the key itself. {@code status} is active, expired or revoked. */
	record KeyView(UUID id, String prefix, String name, List<String> scopes, String status, Instant createdAt,
			UUID createdBy, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {

		static KeyView of(StoredKey key, Instant now) {
			String status = key.revokedAt() != null ? "revoked"
					: key.expiresAt() != null && !key.expiresAt().isAfter(now) ? "expired" : "active";
			return new KeyView(key.id(), key.prefix(), key.name(), key.scopes(), status, key.createdAt(),
					key.createdBy(), key.lastUsedAt(), key.expiresAt(), key.revokedAt());
		}

	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Make an API key",
			description = "The answer holds the key; it is shown this once and cannot be read again. Scopes: "
					+ "messages:write, messages:read.")
	@ApiResponse(responseCode = "201", description = "Made; the key is in the answer")
	ResponseEntity<IssuedKey> create(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@Valid @RequestBody CreateKey request) {
		IssuedKey key = this.keys.create(caller, tenant, request.name(), request.scopes(), request.expiresAt());
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(key.id()).toUri())
			.header("Cache-Control", "no-store")
			.body(key);
	}

	@GetMapping
	@Operation(summary = "List the tenant's API keys, newest first, revoked ones included")
	List<KeyView> list(@PathVariable String tenant) {
		Instant now = this.clock.instant();
		return this.keys.list(tenant).stream().map(key -> KeyView.of(key, now)).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read one API key (never the key itself)")
	KeyView get(@PathVariable String tenant, @PathVariable UUID id) {
		return KeyView.of(this.keys.get(tenant, id), this.clock.instant());
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke an API key", description = "It stops working on every node with its next request.")
	@ApiResponse(responseCode = "204", description = "Revoked (or was already)")
	void revoke(@AuthenticationPrincipal Caller caller, @PathVariable String tenant, @PathVariable UUID id) {
		this.keys.revoke(caller, tenant, id);
	}

}
