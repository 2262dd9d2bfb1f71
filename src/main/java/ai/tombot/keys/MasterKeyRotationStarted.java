package ai.tombot.keys;

import java.time.Instant;

/** A rotation of a region's master key is about to start; {@link MasterKeyRotated} follows when it is done. */
public record MasterKeyRotationStarted(String region, Instant at) {
}
