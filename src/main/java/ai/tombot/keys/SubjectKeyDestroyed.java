package ai.tombot.keys;

import java.time.Instant;
import java.util.UUID;

/** A data subject's key was destroyed: its data can never be decrypted again. */
public record SubjectKeyDestroyed(UUID tenantId, String subject, String reason, Instant at) {
}
