package ai.tombot.keys;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's keys as operators and the tenant's admins see them: never material.
 *
 * @param versions the versions of the tenant's key, oldest first
 * @param rotatedAt the last rotation; null before the first
 * @param rewrap progress of the re-wrap after the last rotation; null before the first
 * @param subjectKeys how many data subjects have a key
 */
public record TenantKeyStatus(String region, List<KeyVersion> versions, Instant createdAt, Instant rotatedAt,
		Rewrap rewrap, long subjectKeys) {

	public TenantKeyStatus {
		versions = List.copyOf(versions);
	}

	/** @param state {@code ENABLED} or {@code DISABLED} */
	public record KeyVersion(long id, String state, boolean primary) {
	}

	/**
	 * @param finishedAt null while it runs
	 * @param done subject keys wrapped under the primary version
	 * @param total all subject keys of the tenant
	 */
	public record Rewrap(Instant startedAt, Instant finishedAt, long done, long total) {
	}

}
