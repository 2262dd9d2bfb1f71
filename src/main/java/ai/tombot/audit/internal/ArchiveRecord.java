package ai.tombot.audit.internal;

import java.time.Instant;
import java.util.List;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;

/**
 * A signed {@code audit_archive} row: a range of a chain that left the store for an archive
 * file (see {@link AuditArchiver}), ending at a signed checkpoint whose hash it names.
 */
record ArchiveRecord(String chain, long fromSeq, long toSeq, String toHash, Instant firstAt, Instant lastAt,
		Instant archivedAt, String fileName, String fileSha256, String signature) {

	/** The chain's archive records, oldest first. */
	static List<ArchiveRecord> of(Store store, String chain) {
		return store.jdbc()
			.sql("select chain, from_seq, to_seq, to_hash, first_at, last_at, archived_at, file_name, file_sha256, "
					+ "signature from audit_archive where chain = :chain order by from_seq")
			.param("chain", chain)
			.query((rs, row) -> new ArchiveRecord(rs.getString("chain"), rs.getLong("from_seq"), rs.getLong("to_seq"),
					rs.getString("to_hash"), SqlTime.instant(rs, "first_at"), SqlTime.instant(rs, "last_at"),
					SqlTime.instant(rs, "archived_at"), rs.getString("file_name"), rs.getString("file_sha256"),
					rs.getString("signature")))
			.list();
	}

	/** The last entry of the chain that went to an archive; 0 when none did. */
	static long archivedTo(Store store, String chain) {
		return store.jdbc()
			.sql("select coalesce(max(to_seq), 0) from audit_archive where chain = :chain")
			.param("chain", chain)
			.query(Long.class)
			.single();
	}

	/** What the row's signature covers. */
	byte[] message(String store) {
		return AuditRow.encode(AuditArchiver.FORMAT, store, this.chain, Long.toString(this.fromSeq),
				Long.toString(this.toSeq), this.toHash, Long.toString(this.firstAt.toEpochMilli()),
				Long.toString(this.lastAt.toEpochMilli()), Long.toString(this.archivedAt.toEpochMilli()), this.fileName,
				this.fileSha256);
	}

}
