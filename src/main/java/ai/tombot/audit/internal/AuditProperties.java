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
 * @param archiveAfter entries older than this are archived to a file and removed from the
 * store (at least {@link #MIN_ONLINE}: the latest three months stay queryable)
 * @param archiveDir where archives are written; unset: {@code audit-archive} in the data directory
 * @param archiveInterval how often the archiver runs (and how long after start)
 * @param sealEvery every this many entries, a chain's writer seals the entries since its last
 * segment into one (see {@link Segments})
 */
@Validated
@ConfigurationProperties("tombot.audit")
record AuditProperties(@Min(1) @Max(10_000) @DefaultValue("1000") int checkpointEvery,
		@NotNull @DefaultValue("10m") Duration checkpointInterval, Path checkpointFile,
		@NotNull @DefaultValue("24h") Duration verifyInterval, @NotNull @DefaultValue("365d") Duration archiveAfter,
		Path archiveDir, @NotNull @DefaultValue("24h") Duration archiveInterval,
		@Min(1) @Max(10_000) @DefaultValue("1000") int sealEvery) {

	/** The shortest time an entry stays in its store, queryable (PCI DSS 10.5.1: three months). */
	static final Duration MIN_ONLINE = Duration.ofDays(90);

	AuditProperties {
		if (archiveAfter != null && archiveAfter.compareTo(MIN_ONLINE) < 0) {
			throw new IllegalArgumentException("tombot.audit.archive-after must be at least 90d: the latest three "
					+ "months of the audit trail stay queryable (PCI DSS 10.5.1)");
		}
		if (archiveInterval != null && archiveInterval.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("tombot.audit.archive-interval must be at least 1m");
		}
		if (checkpointInterval != null && checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("tombot.audit.checkpoint-interval must be at least 1s");
		}
		if (verifyInterval != null && verifyInterval.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("tombot.audit.verify-interval must be at least 1m");
		}
	}

}
