package ai.tombot.conversations.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import ai.tombot.conversations.internal.Messages.Content;
import ai.tombot.conversations.internal.Messages.StoredMessage;
import ai.tombot.keys.Decrypted;

/**
 * A message as the API shows it: its text as stored, that is redacted and tokenized, unless
 * a read asked for tokens to be revealed.
 *
 * @param subject the data subject's pseudonym
 * @param text null when the subject was erased
 * @param erased whether the subject's key was destroyed, so that the text is gone for good
 * @param redactions how many findings of each type were redacted or tokenized
 */
record MessageView(UUID id, UUID conversationId, String subject, String direction, String author,
		String clientMessageId, String text, boolean erased, Instant sentAt, Instant receivedAt,
		Map<String, Integer> redactions) {

	static MessageView of(StoredMessage message, Content content) {
		return new MessageView(message.id(), message.conversationId(), message.subject(), message.direction(),
				message.author(), content.clientMessageId(), content.text(), false, message.sentAt(),
				message.receivedAt(), Messages.parseCounts(message.redactions()));
	}

	static MessageView of(StoredMessage message, Decrypted decrypted) {
		if (decrypted instanceof Decrypted.Plaintext plain) {
			return of(message, Content.decode(plain.bytes()));
		}
		return new MessageView(message.id(), message.conversationId(), message.subject(), message.direction(),
				message.author(), null, null, true, message.sentAt(), message.receivedAt(),
				Messages.parseCounts(message.redactions()));
	}

	MessageView withText(String revealed) {
		return new MessageView(this.id, this.conversationId, this.subject, this.direction, this.author,
				this.clientMessageId, revealed, this.erased, this.sentAt, this.receivedAt, this.redactions);
	}

}
