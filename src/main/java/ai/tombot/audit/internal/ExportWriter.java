package ai.tombot.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;

/**
 * Writes a range of a chain in the export format (JSON Lines): a header that names the store,
 * the chain and the exact range and is signed with the store's audit key, the entries, then
 * the checkpoints among them. Exports and archives share it; {@link ExportVerifier} checks it.
 */
@Component
class ExportWriter {

	static final String FORMAT = "tombot-audit-export-v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int PAGE = 1000;

	private final AuditSigner signer;

	private final Clock clock;

	ExportWriter(AuditSigner signer, Clock clock) {
		this.signer = signer;
		this.clock = clock;
	}

	/** Entries {@code first} to {@code last} of the chain (none when either is null), then their checkpoints. */
	void write(Store store, String chain, Long first, Long last, String publicKeyset, OutputStream out)
			throws IOException {
		Instant exportedAt = this.clock.instant();
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("type", "header");
		header.put("format", FORMAT);
		header.put("store", store.name());
		header.put("chain", chain);
		header.put("firstSeq", first);
		header.put("lastSeq", last);
		header.put("exportedAt", exportedAt.toString());
		header.put("publicKeyset", publicKeyset);
		header.put("signature", Base64.getEncoder()
			.encodeToString(this.signer.sign(store.name(), headerMessage(store.name(), chain, first, last, exportedAt))));
		line(out, header);
		if (first == null || last == null) {
			return;
		}
		for (long from = first; from <= last; from += PAGE) {
			List<AuditRow> rows = Segments.range(store.jdbc(), chain, from, Math.min(last, from + PAGE - 1));
			for (AuditRow row : rows) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("type", "entry");
				entry.putAll(AuditQueryController.json(store.name(), row));
				line(out, entry);
			}
		}
		for (Checkpoints.Checkpoint checkpoint : store.jdbc()
			.sql("select chain, seq, head_hash, at, signature from audit_checkpoint where chain = :chain "
					+ "and seq >= :from and seq <= :to order by seq")
			.param("chain", chain)
			.param("from", first)
			.param("to", last)
			.query((rs, row) -> new Checkpoints.Checkpoint(rs.getString("chain"), rs.getLong("seq"),
					rs.getString("head_hash"), SqlTime.instant(rs, "at"), rs.getString("signature")))
			.list()) {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("type", "checkpoint");
			line.put("seq", checkpoint.seq());
			line.put("headHash", checkpoint.headHash());
			line.put("at", checkpoint.at().toString());
			line.put("signature", checkpoint.signature());
			line(out, line);
		}
	}

	/** What an export header's signature covers: the store, the chain and the exact range. */
	static byte[] headerMessage(String store, String chain, Long first, Long last, Instant exportedAt) {
		return AuditRow.encode(FORMAT, store, chain, first == null ? null : Long.toString(first),
				last == null ? null : Long.toString(last), Long.toString(exportedAt.toEpochMilli()));
	}

	private static void line(OutputStream out, Map<String, Object> value) throws IOException {
		out.write(JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
		out.write('\n');
	}

}
