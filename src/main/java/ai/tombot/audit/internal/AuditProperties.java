package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Audit settings.
 *
 * @param checkpointEvery a chain gets a signed checkpoint every this many entries
 * @param checkpointInterval and a chain that grew gets one after at most this long
 * @param checkpointFile a file each checkpoint is also appended to (JSON Lines), outside the
 * database; unset: none
 * @param verifyInterval every chain is verified this often (and at this long after start)
 */
@Validated
@ConfigurationProperties("tombot.audit")
record AuditProperties(@Min(1) @Max(1_000_000) @DefaultValue("1000") int checkpointEvery,
		@NotNull @DefaultValue("10m") Duration checkpointInterval, Path checkpointFile,
		@NotNull @DefaultValue("24h") Duration verifyInterval) {

	AuditProperties {
		if (checkpointInterval != null && checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("tombot.audit.checkpoint-interval must be at least 1s");
		}
		if (verifyInterval != null && verifyInterval.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("tombot.audit.verify-interval must be at least 1m");
		}
	}

}
