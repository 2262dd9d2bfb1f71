package ai.tombot.conversations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.conversations.internal.Channels.Channel;
import ai.tombot.identity.Caller;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/** A tenant's channels, for its admins and for operators. */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}/channels", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:channels:manage')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Channels", description = "Where a tenant's messages come from: a chatbot, an SMS number, a WhatsApp number")
class ChannelController {

	private final Channels channels;

	private final TenantService tenants;

	private final AuditTrail audit;

	private final Stores stores;

	private final Clock clock;

	ChannelController(Channels channels, TenantService tenants, AuditTrail audit, Stores stores, Clock clock) {
		this.channels = channels;
		this.tenants = tenants;
		this.audit = audit;
		this.stores = stores;
		this.clock = clock;
	}

	/**
	 * @param kind sms, web, whatsapp or other
	 * @param twilioAuthToken for an SMS channel fed by Twilio's webhook: the account's auth
	 * token, which signs its calls; stored encrypted and never shown again
	 */
	record CreateChannel(@NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]+") String name,
			@NotNull String kind, @Size(min = 16, max = 200) String twilioAuthToken) {
	}

	/** @param webhook whether the channel checks webhook signatures with a stored token */
	record ChannelView(UUID id, String name, String kind, boolean webhook, Instant createdAt) {

		static ChannelView of(Channel channel) {
			return new ChannelView(channel.id(), channel.name(), channel.kind(), channel.webhook(), channel.createdAt());
		}

	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add a channel",
			description = "Messages name their channel by id or by name. A channel with a twilioAuthToken takes "
					+ "Twilio's inbound-message webhook at /webhooks/twilio/{tenant}/{channel id or name}.")
	@ApiResponse(responseCode = "201", description = "Added")
	ResponseEntity<ChannelView> create(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@Valid @RequestBody CreateChannel request) {
		if (!Channels.KINDS.contains(request.kind())) {
			throw ApiProblem.invalid("kind", "must be one of " + Channels.KINDS);
		}
		Tenant owner = this.tenants.require(tenant);
		Channel channel = this.stores.region(owner.region()).tx().execute(status -> {
			Channel made = this.channels.create(owner, request.name(), request.kind(), request.twilioAuthToken(),
					this.clock.instant());
			this.audit.tenant(AuditEvent.success(Actors.of(caller), owner.id(), "channel.create", "channel",
					made.id().toString()));
			return made;
		});
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(channel.id()).toUri())
			.body(ChannelView.of(channel));
	}

	@GetMapping
	@Operation(summary = "List the tenant's channels, by name")
	List<ChannelView> list(@PathVariable String tenant) {
		return this.channels.list(this.tenants.require(tenant)).stream().map(ChannelView::of).toList();
	}

}
