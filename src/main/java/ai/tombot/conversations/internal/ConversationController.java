package ai.tombot.conversations.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.conversations.internal.Conversations.Conversation;
import ai.tombot.identity.Caller;
import ai.tombot.identity.Permission;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;

import ai.tombot.tenancy.TenantService;

/**
 * Conversations and their messages, for a tenant's agents, read-only users and admins, and API
 * keys with {@code messages:read}. Each answer first writes one audit entry naming the data
 * subjects it shows; when that fails, nothing is shown (503).
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:conversations:read')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Conversations", description = "Reads: texts as stored (redacted, tokenized); every read audited")
class ConversationController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 100;

	private final ConversationReads reads;

	private final TenantService tenants;

	ConversationController(ConversationReads reads, TenantService tenants) {
		this.reads = reads;
		this.tenants = tenants;
	}

	record ConversationView(UUID id, UUID channelId, String subject, Instant openedAt, Instant closedAt,
			Instant lastMessageAt) {

		static ConversationView of(Conversation conversation) {
			return new ConversationView(conversation.id(), conversation.channelId(), conversation.subject(),
					conversation.openedAt(), conversation.closedAt(), conversation.lastMessageAt());
		}

	}

	/** @param nextCursor for the next page; null on the last */
	record ConversationPage(List<ConversationView> conversations, String nextCursor) {
	}

	/** @param nextCursor for the next page; null on the last */
	record MessagePage(List<MessageView> messages, String nextCursor) {
	}

	@GetMapping
	@Operation(summary = "List conversations, newest first")
	ResponseEntity<ConversationPage> list(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@Parameter(description = "a subject's pseudonym (sub_…), or phone:…, email:… or externalId:…, "
					+ "found through the blind index") @RequestParam(required = false) String subject,
			@Parameter(description = "a channel's id or name") @RequestParam(required = false) String channel,
			@Parameter(description = "opened at or after (ISO 8601)") @RequestParam(required = false) Instant from,
			@Parameter(description = "opened before (ISO 8601)") @RequestParam(required = false) Instant to,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
		ConversationPage page = this.reads.conversations(caller, this.tenants.require(tenant), subject, channel, from, to,
				Cursors.parse(cursor), limit(limit));
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(page);
	}

	@GetMapping("/{id}/messages")
	@Operation(summary = "Read a conversation's messages, oldest first",
			description = "Tokens stay tokens unless reveal=true, which needs the personal-data-reveal permission "
					+ "(tenant admins) and is audited as such. An erased subject's messages show erased, without text.")
	ResponseEntity<MessagePage> messages(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@PathVariable UUID id, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) Integer limit, @RequestParam(defaultValue = "false") boolean reveal) {
		if (reveal && !caller.may(Permission.PERSONAL_DATA_REVEAL)) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
					"Revealing tokenized personal data needs the " + Permission.PERSONAL_DATA_REVEAL.authority()
							+ " permission");
		}
		MessagePage page = this.reads.messages(caller, this.tenants.require(tenant), id, Cursors.parse(cursor),
				limit(limit), reveal);
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(page);
	}

	private static int limit(Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiProblem.invalid("limit", "must be 1 to " + MAX_LIMIT);
		}
		return limit;
	}

}
