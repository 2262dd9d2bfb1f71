package ai.tombot.conversations.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.conversations.internal.MessageIngest.Outcome;
import ai.tombot.conversations.internal.MessageIngest.Request;
import ai.tombot.identity.Caller;
import ai.tombot.identity.Permission;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.StoreOutages;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/** Messages in: one at a time, or a batch of up to 1,000 each taken in on its own. */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAuthority('tombot:conversations:write')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Messages", description = "Ingest: card numbers and SSNs are redacted, other personal data redacted, "
		+ "tokenized or kept by the tenant's policy, before anything is stored")
class MessageController {

	static final int MAX_BATCH = 1000;

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageController.class);

	private final MessageIngest ingest;

	private final TenantService tenants;

	MessageController(MessageIngest ingest, TenantService tenants) {
		this.ingest = ingest;
		this.tenants = tenants;
	}

	/**
	 * A message as a client sends it.
	 * @param channel the channel's id or name
	 * @param conversationId an existing conversation; or else {@code subject}, whose open conversation on the channel is used (or opened)
	 * @param subject who the message is with: {@code {"phone"}}, {@code {"email"}} or {@code {"externalId"}}
	 * @param direction inbound or outbound
	 * @param author customer, bot or agent
	 * @param text at most 64 KiB of UTF-8; no control characters but tab and newline
	 * @param clientMessageId the client's id for the message, unique in the tenant: sent again, it stores nothing
	 * @param sentAt when the client sent it; absent: when it arrived
	 */
	record MessageIn(String channel, UUID conversationId, MessageIngest.SubjectRef subject, String direction,
			String author, String text, String clientMessageId, Instant sentAt) {

		Request request() {
			return new Request(this.channel, this.conversationId, this.subject, this.direction, this.author, this.text,
					this.clientMessageId, this.sentAt);
		}

		@Override
		public String toString() {
			return request().toString();
		}

	}

	@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Take in one message",
			description = "Answers 201 with the message as stored (its text redacted) once it is committed, or 200 "
					+ "with the message stored before under the same clientMessageId, storing nothing (its text only "
					+ "to callers that may read messages); 409 when that id is taken by a message of another "
					+ "channel, conversation, subject, direction or author.")
	@ApiResponse(responseCode = "201", description = "Stored")
	@ApiResponse(responseCode = "200", description = "Stored before under this clientMessageId")
	@ApiResponse(responseCode = "409", description = "The clientMessageId is taken by another message")
	ResponseEntity<MessageView> post(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@RequestBody MessageIn message) {
		if (message == null) {
			throw ApiProblem.invalid("body", "is required");
		}
		Outcome outcome = this.ingest.ingest(Actors.of(caller), this.tenants.require(tenant), message.request());
		return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.header("Cache-Control", "no-store")
			.body(shown(caller, outcome));
	}

	/**
	 * The message to answer with: a message stored before is read back, so its text goes only
	 * to callers that may read messages (a key with {@code messages:write} alone gets the rest).
	 */
	private static MessageView shown(Caller caller, Outcome outcome) {
		return outcome.created() || caller.may(Permission.CONVERSATIONS_READ) ? outcome.message()
				: outcome.message().withText(null);
	}

	@PostMapping("/conversations/{id}/close")
	@Operation(summary = "Close a conversation",
			description = "It stays readable. A message naming it is refused (409); the subject's next message on "
					+ "the channel opens a new conversation.")
	@ApiResponse(responseCode = "204", description = "Closed (or was already)")
	ResponseEntity<Void> close(@AuthenticationPrincipal Caller caller, @PathVariable String tenant,
			@PathVariable UUID id) {
		this.ingest.close(Actors.of(caller), this.tenants.require(tenant), id);
		return ResponseEntity.noContent().build();
	}

	/** @param messages at most 1,000 */
	record Batch(List<MessageIn> messages) {
	}

	/**
	 * What became of one message of a batch: {@code status} 201, 200 (seen before) or the
	 * error's status, with the message or the problem.
	 */
	record ItemResult(int index, int status, MessageView message, ProblemDetail problem) {
	}

	@PostMapping(path = "/messages:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Take in up to 1,000 messages",
			description = "Each message is taken in on its own, in order, and wholly or not at all; the answer (200) "
					+ "has a result per message in the order sent. The request body is limited by "
					+ "tombot.http.max-body-size (1 MB by default).")
	@ApiResponse(responseCode = "413", description = "More than 1,000 messages")
	ResponseEntity<Map<String, List<ItemResult>>> batch(@AuthenticationPrincipal Caller caller,
			@PathVariable String tenant, @RequestBody Batch batch) {
		if (batch == null || batch.messages() == null) {
			throw ApiProblem.invalid("messages", "is required");
		}
		if (batch.messages().size() > MAX_BATCH) {
			throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Batch too large",
					"A batch holds at most " + MAX_BATCH + " messages, not " + batch.messages().size());
		}
		Tenant owner = this.tenants.require(tenant);
		List<ItemResult> results = new ArrayList<>(batch.messages().size());
		for (int i = 0; i < batch.messages().size(); i++) {
			MessageIn message = batch.messages().get(i);
			try {
				if (message == null) {
					throw ApiProblem.invalid("messages[" + i + "]", "is null");
				}
				Outcome outcome = this.ingest.ingest(Actors.of(caller), owner, message.request());
				results.add(new ItemResult(i, outcome.created() ? 201 : 200, shown(caller, outcome), null));
			}
			catch (ApiProblem problem) {
				if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
					// e.g. the audit trail cannot be written: the rest would fail the same way,
					// each after a wait; the whole batch is answered 503 and can be sent again
					// (items stored so far answer 200 then, by their clientMessageId)
					throw problem;
				}
				// the item was not stored; earlier ones were, so the answer says which is which
				results.add(new ItemResult(i, problem.status().value(), null, problem.toProblemDetail()));
			}
			catch (org.springframework.dao.PessimisticLockingFailureException busy) {
				results.add(new ItemResult(i, 503, null, new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
						ProblemTypes.UNAVAILABLE, "Busy", "The message was not stored: its data was busy. Send it again.")
					.toProblemDetail()));
			}
			catch (RuntimeException unexpected) {
				if (StoreOutages.causedBy(unexpected)) {
					// the store is gone: no item after this one can be stored, and this one's
					// outcome is unknown if the commit was cut off; 503 for the whole batch
					throw unexpected;
				}
				log.error("Batch item {} of tenant {} failed", i, tenant, unexpected);
				results.add(new ItemResult(i, 500, null, new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR,
						ProblemTypes.INTERNAL, "Internal error", "The message was not stored").toProblemDetail()));
			}
		}
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(Map.of("results", results));
	}

}
