package ai.tombot.keys;

import java.io.IOException;
import java.nio.file.Path;

import ai.tombot.keys.internal.KeysetFiles;

/** A new region master key in a file, for {@code tombot.regions.<region>.master-key=file:PATH}. */
public final class MasterKeyFiles {

	private MasterKeyFiles() {
	}

	/** @throws IOException when the file exists already or cannot be written */
	public static void create(Path file) throws IOException {
		KeysetFiles.createNew(file);
	}

}
