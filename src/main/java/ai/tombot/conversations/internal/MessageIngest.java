package ai.tombot.conversations.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.conversations.internal.Channels.Channel;
import ai.tombot.conversations.internal.Conversations.Conversation;
import ai.tombot.conversations.internal.Messages.Content;
import ai.tombot.conversations.internal.Messages.StoredMessage;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.Stores;
import ai.tombot.redaction.Detectors;
import ai.tombot.redaction.FindingType;
import ai.tombot.redaction.RedactionPolicy;
import ai.tombot.redaction.Redactions;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantDataPolicies;

/**
 * Takes in one message: checks it, finds its conversation (or opens one, and makes its
 * subject), applies the tenant's redaction policy, also to a card typed across the
 * conversation's latest inbound messages, encrypts it under the subject's key, and stores it
 * with its audit entry in one transaction of the tenant's region store. Nothing of a message
 * that fails is stored. A client's message id seen before answers the message stored then.
 */
@Service
class MessageIngest {

	/** The longest text, in UTF-8 bytes. */
	static final int MAX_TEXT_BYTES = 64 * 1024;

	private static final int ATTEMPTS = 3;

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageIngest.class);

	private final Stores stores;

	private final Channels channels;

	private final Subjects subjects;

	private final Conversations conversations;

	private final Messages messages;

	private final PiiTokens tokens;

	private final SplitCardRedaction splitCards;

	private final KeyService keys;

	private final TenantDataPolicies policies;

	private final AuditTrail audit;

	private final Clock clock;

	MessageIngest(Stores stores, Channels channels, Subjects subjects, Conversations conversations, Messages messages,
			PiiTokens tokens, SplitCardRedaction splitCards, KeyService keys, TenantDataPolicies policies,
			AuditTrail audit, Clock clock) {
		this.stores = stores;
		this.channels = channels;
		this.subjects = subjects;
		this.conversations = conversations;
		this.messages = messages;
		this.tokens = tokens;
		this.splitCards = splitCards;
		this.keys = keys;
		this.policies = policies;
		this.audit = audit;
		this.clock = clock;
	}

	/** A message to take in, as a client sends it; exactly one of {@code conversationId} and {@code subject}. */
	record Request(String channel, UUID conversationId, SubjectRef subject, String direction, String author, String text,
			String clientMessageId, Instant sentAt) {

		@Override
		public String toString() {
			return "Request[channel=" + this.channel + ", conversation=" + this.conversationId + "]"; // no text, no identifier
		}

	}

	/** Who a message is with: exactly one of these. */
	record SubjectRef(String phone, String email, String externalId) {

		@Override
		public String toString() {
			return "SubjectRef[<hidden>]";
		}

	}

	/** @param created false when the client's message id was seen before and nothing was stored */
	record Outcome(boolean created, MessageView message) {
	}

	/**
	 * @throws ApiProblem 400 for a missing or malformed field, 404 for an unknown channel or
	 * conversation, 413 for a text over 64 KiB, 503 when the audit entry or the keys are unavailable
	 */
	Outcome ingest(AuditActor actor, Tenant tenant, Request request) {
		check(request);
		Channel channel = this.channels.find(tenant, request.channel())
			.orElseThrow(() -> ApiProblem.notFound("The channel")); // not the value sent: problems repeat none
		RedactionPolicy policy = this.policies.redactionPolicy(tenant.id());
		Subjects.Identifier identifier = request.subject() == null ? null
				: Subjects.identifier(request.subject().phone(), request.subject().email(),
						request.subject().externalId(), policy.phoneRegion());
		String clientKey = this.keys.blindIndex(tenant.id(), "message.client-id", request.clientMessageId());
		for (int attempt = 1;; attempt++) {
			// a new subject's key is made before the transaction, in one of its own: never two
			// connections held by one request, and the tenant key's lock only for that insert
			Subjects.Prepared subject = identifier == null ? null : this.subjects.prepare(tenant, identifier);
			try {
				return this.stores.region(tenant.region())
					.tx()
					.execute(status -> ingest(actor, tenant, channel, policy, subject, clientKey, request));
			}
			catch (RuntimeException failed) {
				// failures known to come before the commit: nothing was stored, so the new subject's
				// key has nothing to keep. Not after any other failure: a commit whose answer was
				// lost may have stored the message, and its key must stay
				if (failed instanceof DataIntegrityViolationException || failed instanceof ApiProblem
						|| failed instanceof ai.tombot.keys.SubjectErasedException) {
					discard(tenant, subject);
				}
				if (failed instanceof ai.tombot.keys.SubjectErasedException) {
					throw new ApiProblem(HttpStatus.GONE, ProblemTypes.CONFLICT, "Subject erased",
							"The data subject of this message was erased; nothing of it can be stored");
				}
				// the same client id, or the same new subject, committed by a request running beside
				// this one; or the retention purge removed the subject or conversation meanwhile.
				// Any other integrity error is a bug: not retried, not called a race
				if (!(failed instanceof org.springframework.dao.DuplicateKeyException) && !parentMissing(failed)) {
					throw failed;
				}
				if (attempt == ATTEMPTS) {
					throw ApiProblem.conflict(ProblemTypes.CONFLICT, "The message raced with another of the same client "
							+ "message id or subject; send it again");
				}
			}
		}
	}

	/**
	 * Whether a message sent again under a client message id is the one stored under it: same
	 * channel, conversation or subject, direction and author. (Its text is not compared: the
	 * stored text is redacted.)
	 */
	boolean sameMessage(Tenant tenant, Channel channel, Subjects.Prepared prepared, Request request,
			StoredMessage stored) {
		if (!stored.direction().equals(request.direction()) || !stored.author().equals(request.author())) {
			return false;
		}
		if (request.conversationId() != null ? !request.conversationId().equals(stored.conversationId())
				: prepared == null || !stored.subject().equals(subjectOf(tenant, prepared))) {
			return false;
		}
		return this.conversations.find(tenant, stored.conversationId())
			.map(conversation -> conversation.channelId().equals(channel.id()))
			.orElse(false);
	}

	/**
	 * The prepared identifier's subject now: the one {@code prepare} found, or the one a request
	 * beside this one made since (a retry of a new subject's first message, sent while the first
	 * attempt committed, finds it so); null when there is none.
	 */
	private String subjectOf(Tenant tenant, Subjects.Prepared prepared) {
		return prepared.existing() != null ? prepared.existing()
				: this.subjects.find(tenant, prepared.identifier()).orElse(null);
	}

	private Outcome ingest(AuditActor actor, Tenant tenant, Channel channel, RedactionPolicy policy,
			Subjects.Prepared prepared, String clientKey, Request request) {
		var seen = this.messages.findByClientKey(tenant, clientKey);
		if (seen.isPresent()) {
			StoredMessage stored = seen.get();
			if (!sameMessage(tenant, channel, prepared, request, stored)) {
				// another integration's id, or a client's id used twice: neither stored nor answered
				// with the other message
				throw ApiProblem.conflict(ProblemTypes.CONFLICT, "The clientMessageId is taken by a message of "
						+ "another channel, conversation, subject, direction or author; nothing was stored");
			}
			this.audit.tenant(new AuditEvent(actor, tenant.id(), "message.read", "message", stored.id().toString(),
					stored.subject(), true, null));
			return new Outcome(false, MessageView.of(stored, this.keys.decrypt(tenant.id(), stored.subject(),
					stored.ciphertext(), Messages.record(stored.id()))));
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Conversation conversation;
		if (request.conversationId() != null) {
			conversation = lockedConversation(tenant, request.conversationId())
				.filter(found -> found.channelId().equals(channel.id()))
				.orElseThrow(() -> ApiProblem.notFound("Conversation " + request.conversationId() + " on the channel"));
			if (conversation.closedAt() != null) {
				throw ApiProblem.conflict(ProblemTypes.CONFLICT, "Conversation " + conversation.id()
						+ " is closed; send the message with its subject to open a new one");
			}
		}
		else {
			String subject = this.subjects.findOrCreateLocked(tenant, prepared, now);
			conversation = this.conversations.openFor(tenant, channel.id(), subject, now);
		}
		String subject = conversation.subject();
		// a card typed across messages first, on the text as received: its part must not be
		// tokenized (kept) as something else, such as a phone number
		String received = request.text();
		String across = request.direction().equals("inbound")
				? this.splitCards.redactAcross(actor, tenant, conversation, received, now) : received;
		Redactions.Applied applied = Redactions.apply(across, Detectors.scan(across, policy.phoneRegion()), policy,
				(type, value) -> this.tokens.tokenize(tenant, subject, type, value, now));
		String text = applied.text();
		Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
		counts.putAll(applied.counts());
		if (!across.equals(received)) {
			counts.merge(FindingType.CARD_NUMBER, 1, Integer::sum);
		}
		UUID id = UUID.randomUUID();
		byte[] ciphertext = this.keys.encrypt(tenant.id(), subject, new Content(request.clientMessageId(), text).encode(),
				Messages.record(id));
		StoredMessage stored = new StoredMessage(id, 0, conversation.id(), subject, request.direction(), request.author(),
				request.sentAt() == null ? now : request.sentAt(), now, ciphertext, Messages.counts(counts));
		this.messages.insert(tenant, stored, clientKey);
		this.conversations.touch(tenant, conversation.id(), now);
		this.audit.tenant(new AuditEvent(actor, tenant.id(), "message.create", "message", id.toString(), subject, true,
				null));
		return new Outcome(true, MessageView.of(stored, new Content(request.clientMessageId(), text)));
	}

	/**
	 * The tenant's conversation, with its subject's lock and then its own, in the order every
	 * path takes them (subject, then conversation): one message of a subject at a time, so that
	 * parts of a card typed across messages always see each other, no close between a message's
	 * finding its conversation and storing into it, and no deadlock between the paths.
	 */
	private java.util.Optional<Conversation> lockedConversation(Tenant tenant, UUID id) {
		java.util.Optional<Conversation> found = this.conversations.find(tenant, id);
		if (found.isEmpty()) {
			return found;
		}
		this.subjects.lock(tenant, found.get().subject());
		return this.conversations.lock(tenant, id);
	}

	/**
	 * Closes the tenant's conversation, audited.
	 * @throws ApiProblem 404 for another tenant's or an unknown conversation
	 */
	void close(AuditActor actor, Tenant tenant, UUID conversationId) {
		this.stores.region(tenant.region()).tx().executeWithoutResult(status -> {
			Conversation conversation = lockedConversation(tenant, conversationId)
				.orElseThrow(() -> ApiProblem.notFound("Conversation " + conversationId));
			if (this.conversations.close(tenant, conversationId, this.clock.instant())) {
				this.audit.tenant(new AuditEvent(actor, tenant.id(), "conversation.close", "conversation",
						conversationId.toString(), conversation.subject(), true, null));
			}
		});
	}

	private static final List<String> DIRECTIONS = List.of("inbound", "outbound");

	private static final List<String> AUTHORS = List.of("customer", "bot", "agent");

	/** Destroys the key made for a new subject of a message that was not stored; a failure here leaves it, logged. */
	private void discard(Tenant tenant, Subjects.Prepared subject) {
		if (subject == null || subject.newSubject() == null) {
			return;
		}
		try {
			this.keys.destroySubjectKey(tenant.id(), subject.newSubject(), "ingest-not-stored");
		}
		catch (RuntimeException ex) {
			log.warn("The key made for a new subject of tenant {} stays, unused: {}", tenant.id(),
					ex.getClass().getSimpleName());
		}
	}

	/** A foreign key's parent row missing: SQLState 23503 (PostgreSQL), 23506 (H2). */
	private static boolean parentMissing(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql
					&& ("23503".equals(sql.getSQLState()) || "23506".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/** Checks what needs no store; the problems name fields, never values. */
	static void check(Request request) {
		if (request.text() == null) {
			throw ApiProblem.invalid("text", "is required");
		}
		if (utf8Length(request.text()) > MAX_TEXT_BYTES) {
			throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Text too large",
					"A message's text is at most " + MAX_TEXT_BYTES + " bytes of UTF-8");
		}
		String bad = badCharacter(request.text());
		if (bad != null) {
			throw ApiProblem.invalid("text", bad);
		}
		if (request.channel() == null || request.channel().isBlank()) {
			throw ApiProblem.invalid("channel", "is required: a channel's id or name");
		}
		if ((request.conversationId() == null) == (request.subject() == null)) {
			throw ApiProblem.invalid("subject", "give either conversationId or subject, not both and not neither");
		}
		if (!DIRECTIONS.contains(request.direction())) {
			throw ApiProblem.invalid("direction", "must be one of " + DIRECTIONS);
		}
		if (!AUTHORS.contains(request.author())) {
			throw ApiProblem.invalid("author", "must be one of " + AUTHORS);
		}
		String id = request.clientMessageId();
		if (id == null || id.isEmpty() || id.length() > 200 || badCharacter(id) != null || id.indexOf('\n') >= 0
				|| id.indexOf('\t') >= 0) {
			throw ApiProblem.invalid("clientMessageId", "is required: 1 to 200 characters without control characters");
		}
	}

	/** What is wrong with the text's characters, or null: control characters other than tab and newline, lone surrogates. */
	static String badCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && c != '\t' && c != '\n') {
				return "holds a control character (U+" + String.format("%04X", (int) c) + ") at index " + i
						+ "; only tab and newline are allowed";
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "is not valid Unicode: a lone surrogate at index " + i;
			}
		}
		return null;
	}

	static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
		}
		return bytes;
	}

}
