package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

/** Reaches the archiver from tests of other packages: archives a chain up to its last checkpoint before a time. */
public final class ArchivesForTests {

	private ArchivesForTests() {
	}

	public static Path archiveBefore(RunningTombot tombot, String region, UUID tenant, Instant before) {
		return tombot.bean(AuditArchiver.class)
			.archive(tombot.bean(Stores.class).region(region), tenant.toString(), before)
			.orElseThrow()
			.file();
	}

}
