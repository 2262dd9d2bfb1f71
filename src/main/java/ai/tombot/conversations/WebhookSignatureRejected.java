package ai.tombot.conversations;

import java.time.Instant;
import java.util.UUID;

/**
 * A security event: a webhook call whose signature did not check out (forged, replayed to
 * another URL, or signed with another token).
 *
 * @param tenantId the tenant the URL names; null when it names none
 * @param channelId the channel the URL names; null when it names none
 * @param sourceAddress where the call came from
 */
public record WebhookSignatureRejected(UUID tenantId, UUID channelId, String sourceAddress, Instant at) {
}
