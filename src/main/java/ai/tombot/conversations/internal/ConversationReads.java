package ai.tombot.conversations.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.conversations.internal.ConversationController.ConversationPage;
import ai.tombot.conversations.internal.ConversationController.ConversationView;
import ai.tombot.conversations.internal.ConversationController.MessagePage;
import ai.tombot.conversations.internal.Conversations.Conversation;
import ai.tombot.conversations.internal.Messages.StoredMessage;
import ai.tombot.identity.Caller;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantDataPolicies;

/**
 * Reads of conversations: the audit entry naming the subjects shown commits before anything
 * is decrypted or shown, and a read whose entry fails shows nothing.
 */
@Service
class ConversationReads {

	private final Conversations conversations;

	private final Messages messages;

	private final Channels channels;

	private final Subjects subjects;

	private final PiiTokens tokens;

	private final KeyService keys;

	private final TenantDataPolicies policies;

	private final AuditTrail audit;

	private final Stores stores;

	ConversationReads(Conversations conversations, Messages messages, Channels channels, Subjects subjects,
			PiiTokens tokens, KeyService keys, TenantDataPolicies policies, AuditTrail audit, Stores stores) {
		this.conversations = conversations;
		this.messages = messages;
		this.channels = channels;
		this.subjects = subjects;
		this.tokens = tokens;
		this.keys = keys;
		this.policies = policies;
		this.audit = audit;
		this.stores = stores;
	}

	ConversationPage conversations(Caller caller, Tenant tenant, String subject, String channel, Instant from,
			Instant to, UUID cursor, int limit) {
		Long before = cursor == null ? null
				: this.conversations.find(tenant, cursor).map(Conversation::seq).orElseThrow(Cursors::foreign);
		UUID channelId = channel == null ? null
				: this.channels.find(tenant, channel)
					.orElseThrow(() -> ApiProblem.notFound("The channel")) // not the value sent: problems repeat none
					.id();
		String pseudonym = subject == null ? null : pseudonym(tenant, subject);
		List<Conversation> page = subject != null && pseudonym == null ? List.of()
				: this.conversations.list(tenant, new Conversations.Filter(pseudonym, channelId, from, to, before), limit);
		List<String> shown = page.stream().map(Conversation::subject).distinct().toList();
		this.audit.tenant(new AuditEvent(Actors.of(caller), tenant.id(), "conversation.list", "conversation", null,
				shown.isEmpty() ? null : String.join(",", shown), true, null));
		return new ConversationPage(page.stream().map(ConversationView::of).toList(),
				page.size() < limit ? null : Cursors.of(page.get(page.size() - 1).id()));
	}

	MessagePage messages(Caller caller, Tenant tenant, UUID conversationId, UUID cursor, int limit, boolean reveal) {
		Conversation conversation = this.conversations.find(tenant, conversationId)
			.orElseThrow(() -> ApiProblem.notFound("Conversation " + conversationId));
		long after = cursor == null ? 0
				: this.messages.seq(tenant, conversationId, cursor).orElseThrow(Cursors::foreign);
		List<StoredMessage> page = this.messages.page(tenant, conversationId, after, limit);
		// committed before any text is decrypted: no read without its entry
		this.stores.region(tenant.region())
			.tx()
			.executeWithoutResult(status -> this.audit.tenant(new AuditEvent(Actors.of(caller), tenant.id(),
					reveal ? "message.reveal" : "message.read", "conversation", conversationId.toString(),
					conversation.subject(), true, null)));
		List<MessageView> views = page.stream().map(message -> {
			MessageView view = MessageView.of(message, this.keys.decrypt(tenant.id(), message.subject(),
					message.ciphertext(), Messages.record(message.id())));
			return reveal && view.text() != null ? view.withText(this.tokens.reveal(tenant, message.subject(), view.text()))
					: view;
		}).toList();
		return new MessagePage(views, page.size() < limit ? null : Cursors.of(page.get(page.size() - 1).id()));
	}

	/** A subject filter's pseudonym: given as such, or found by an identifier; null when no subject has it. */
	private String pseudonym(Tenant tenant, String subject) {
		if (subject.startsWith("sub_")) {
			return subject;
		}
		int colon = subject.indexOf(':');
		String kind = colon < 0 ? "" : subject.substring(0, colon);
		String value = colon < 0 ? null : subject.substring(colon + 1);
		String region = this.policies.redactionPolicy(tenant.id()).phoneRegion();
		Subjects.Identifier identifier = switch (kind) {
			case "phone" -> Subjects.identifier(value, null, null, region);
			case "email" -> Subjects.identifier(null, value, null, region);
			case "externalId" -> Subjects.identifier(null, null, value, region);
			default -> throw ApiProblem.invalid("subject", "is a pseudonym (sub_…) or phone:…, email:… or externalId:…");
		};
		return this.subjects.find(tenant, identifier).orElse(null);
	}

}
