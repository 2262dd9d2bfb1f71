package ai.tombot.keys;

import java.time.Instant;

/** Every tenant key of a region was re-wrapped under the master key's current primary version. */
public record MasterKeyRotated(String region, int tenantKeys, Instant at) {
}
