package ai.tombot.keys.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Master key files for operators, made by {@code ./tombot new-master-key}. */
public final class KeysetFiles {

	private KeysetFiles() {
	}

	/**
	 * Writes a new Tink AES256_GCM keyset, in Tink's JSON format, to a file that must not exist
	 * yet, with mode 0600.
	 */
	public static void createNew(Path file) throws IOException {
		if (Files.exists(file)) {
			throw new FileAlreadyExistsException(file + " exists already; a master key is never overwritten");
		}
		MasterKeys.writeKeyset(file, Keysets.generate());
	}

}
