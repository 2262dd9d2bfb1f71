package ai.tombot.conversations.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.conversations.internal.Conversations.Conversation;
import ai.tombot.conversations.internal.Messages.Content;
import ai.tombot.conversations.internal.Messages.StoredMessage;
import ai.tombot.conversations.internal.PiiTokens.Shadow;
import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.redaction.SplitCards;
import ai.tombot.tenancy.Tenant;

/**
 * A card number typed across consecutive inbound messages of a conversation: the new
 * message's part is redacted before anything else is done with it, and the earlier parts,
 * already stored, are re-encrypted redacted, each with a {@code RetroactiveRedaction} audit
 * entry. The earlier messages are read as typed: a part the tenant's policy had tokenized (an
 * 8-digit group can be a valid phone number) is read through its token, and the token and its
 * stored value go with the part. Runs under the subject's lock, so two messages of one
 * conversation never miss each other.
 */
@Component
class SplitCardRedaction {

	static final String REPLACEMENT = "[CARD]";

	private final Messages messages;

	private final PiiTokens tokens;

	private final KeyService keys;

	private final AuditTrail audit;

	private final ConversationsProperties properties;

	SplitCardRedaction(Messages messages, PiiTokens tokens, KeyService keys, AuditTrail audit,
			ConversationsProperties properties) {
		this.messages = messages;
		this.tokens = tokens;
		this.keys = keys;
		this.audit = audit;
		this.properties = properties;
	}

	/**
	 * The new message's text, as received, with its part of a split card replaced by
	 * {@value #REPLACEMENT}; the same string when there is none. The earlier parts are re-written.
	 */
	String redactAcross(AuditActor actor, Tenant tenant, Conversation conversation, String text, Instant now) {
		if (!SplitCards.canEnd(text)) {
			return text; // no digits that could end a card: the earlier messages are not read
		}
		List<StoredMessage> earlier = new ArrayList<>(this.messages.latestInbound(tenant, conversation.id(),
				now.minus(this.properties.splitCardWindow()), this.properties.splitCardMessages() - 1));
		Collections.reverse(earlier); // oldest first
		List<Content> contents = new ArrayList<>();
		for (StoredMessage message : earlier) {
			Decrypted decrypted = this.keys.decrypt(tenant.id(), message.subject(), message.ciphertext(),
					Messages.record(message.id()));
			contents.add(decrypted instanceof Decrypted.Plaintext plain ? Content.decode(plain.bytes()) : null);
		}
		// only messages after the last that cannot be read (erased) are consecutive with the new one
		int from = contents.lastIndexOf(null) + 1;
		List<Shadow> shadows = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		java.util.Map<String, String> known = new java.util.HashMap<>(); // one subject: its tokens, read once
		for (int i = from; i < contents.size(); i++) {
			Shadow shadow = this.tokens.shadow(tenant, earlier.get(i).subject(), contents.get(i).text(), known);
			shadows.add(shadow);
			texts.add(shadow.text());
		}
		texts.add(text);
		List<SplitCards.Fragment> fragments = SplitCards.find(texts);
		if (fragments.isEmpty()) {
			return text;
		}
		String redacted = text;
		for (SplitCards.Fragment fragment : fragments) {
			if (fragment.message() == texts.size() - 1) {
				redacted = text.substring(0, fragment.start()) + REPLACEMENT + text.substring(fragment.end());
				continue;
			}
			StoredMessage message = earlier.get(from + fragment.message());
			Content before = contents.get(from + fragment.message());
			List<String> taken = new ArrayList<>();
			int[] range = shadows.get(fragment.message()).stored(fragment.start(), fragment.end(), taken);
			Content after = new Content(before.clientMessageId(),
					before.text().substring(0, range[0]) + REPLACEMENT + before.text().substring(range[1]));
			Map<String, Integer> counts = new TreeMap<>(Messages.parseCounts(message.redactions()));
			counts.merge("CARD_NUMBER", 1, Integer::sum);
			this.messages.rewrite(tenant, message.id(), this.keys.encrypt(tenant.id(), message.subject(), after.encode(),
					Messages.record(message.id())), Messages.counts(counts));
			taken.forEach(token -> this.tokens.forget(tenant, message.subject(), token));
			this.audit.tenant(new AuditEvent(actor, tenant.id(), "RetroactiveRedaction", "message",
					message.id().toString(), message.subject(), true, null));
		}
		return redacted;
	}

}
