package ai.tombot.audit;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Retention of the audit trail, for {@code ./tombot audit archive} and
 * {@code ./tombot audit open-archive}: entries older than {@code tombot.audit.archive-after}
 * (at least 90 days) move to encrypted, signed archive files and leave the stores.
 */
public interface AuditRetention {

	/**
	 * Archives now what the scheduled run would; prints one line per archive written.
	 *
	 * @return 0 when every due range was archived, 1 when one could not be
	 */
	int archive(PrintStream out);

	/**
	 * Checks an archive file (its signature, with {@code publicKeyset} or else the store's own
	 * key; its payload's hash, encryption and chain) and writes its entries, in the export
	 * format, to {@code output}.
	 *
	 * @return 0 when intact, 1 when altered, 2 when it cannot be read or opened here
	 */
	int openArchive(Path archive, Path publicKeyset, Path output, PrintStream out);

}
