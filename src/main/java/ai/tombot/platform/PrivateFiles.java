package ai.tombot.platform;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories readable by the server's own user only: stores, private keys,
 * setup tokens. Files are created with mode 0600 from the start, never widened afterwards,
 * so there is no moment at which another user could open them.
 */
public final class PrivateFiles {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private PrivateFiles() {
	}

	/** Creates {@code dir} and missing parents; sets mode 0700 on {@code dir}. */
	public static void createDirectories(Path dir) throws IOException {
		Files.createDirectories(dir);
		if (POSIX) {
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		}
	}

	/** Writes {@code content} to {@code file} atomically and durably (on disk when this returns), with mode 0600. */
	public static void write(Path file, byte[] content) throws IOException {
		write(file, content, true);
	}

	/**
	 * As {@link #write}, to a file that must not exist yet.
	 * @throws java.nio.file.FileAlreadyExistsException when it does
	 */
	public static void writeNew(Path file, byte[] content) throws IOException {
		write(file, content, false);
	}

	private static void write(Path file, byte[] content, boolean replace) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		FileAttribute<?>[] attributes = POSIX
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
		Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
		try {
			try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp,
					java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
				java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			if (replace) {
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			else {
				// a hard link never replaces: it fails when the file exists, even if made meanwhile
				try {
					Files.createLink(file, temp);
				}
				catch (UnsupportedOperationException noLinks) {
					if (Files.exists(file)) {
						throw new java.nio.file.FileAlreadyExistsException(file.toString());
					}
					Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
				}
			}
			syncDirectory(dir);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/** Makes a rename in {@code dir} durable, where the platform can (not on Windows). */
	private static void syncDirectory(Path dir) throws IOException {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir,
				java.nio.file.StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			if (!System.getProperty("os.name", "").startsWith("Windows")) {
				throw ex;
			}
			// Windows cannot open a directory for sync; the file itself is on disk
		}
	}

	/** The POSIX mode of {@code path}, or empty where the file system has none. */
	public static Set<java.nio.file.attribute.PosixFilePermission> mode(Path path) throws IOException {
		return POSIX ? Files.getPosixFilePermissions(path) : Set.of();
	}

}
