package ai.tombot.audit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.tombot.keys.AuditSignatures;

/**
 * Checks an audit export with nothing but a public key: every entry's hash, every link, and
 * every checkpoint's signature and the entry it names. The public key in the export's own
 * header shows only that the file is consistent with itself; a key obtained separately (and
 * pinned) shows that the store signed it.
 */
public final class ExportVerifier {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ExportVerifier() {
	}

	/** @return 0 when the export is intact, 1 when it is not, 2 when it cannot be read */
	public static int verify(Path export, Path pinnedKey, PrintStream out) {
		try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
			return verify(lines, pinnedKey == null ? null : Files.readString(pinnedKey, StandardCharsets.UTF_8), out);
		}
		catch (IOException | RuntimeException ex) {
			out.println("the export cannot be read: " + ex.getMessage());
			return 2;
		}
	}

	/**
	 * Checks an export read from {@code lines}, with {@code pinnedKeyset} (Tink JSON) or, when
	 * null, the public key of the export's own header.
	 */
	static int verify(BufferedReader lines, String pinnedKeyset, PrintStream out) {
		try {
			String first = lines.readLine();
			JsonNode header = first == null ? null : JSON.readTree(first);
			if (header == null || !"header".equals(header.path("type").asString(""))
					|| !ExportWriter.FORMAT.equals(header.path("format").asString(""))) {
				out.println("not a Tombot audit export: the first line is not its header");
				return 2;
			}
			String store = header.path("store").asString();
			String chain = header.path("chain").asString();
			String key = pinnedKeyset != null ? pinnedKeyset : header.path("publicKeyset").asString();
			Long firstSeq = header.path("firstSeq").isNumber() ? header.path("firstSeq").asLong() : null;
			Long lastSeq = header.path("lastSeq").isNumber() ? header.path("lastSeq").asLong() : null;
			Instant exportedAt = Instant.parse(header.path("exportedAt").asString());
			if (!AuditSignatures.verify(key,
					ExportWriter.headerMessage(store, chain, firstSeq, lastSeq, exportedAt),
					Base64.getDecoder().decode(header.path("signature").asString("")))) {
				out.println("BROKEN: the header's signature does not verify with this public key");
				return 1;
			}
			Map<Long, String> hashes = new HashMap<>();
			long entries = 0;
			long checkpoints = 0;
			long previousSeq = -1;
			String previousHash = null;
			long lastCovered = 0;
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				JsonNode node = JSON.readTree(line);
				switch (node.path("type").asString("")) {
					case "entry" -> {
						AuditRow row = row(node);
						if (!row.chain().equals(chain)) {
							return broken(out, row.seq(), "an entry of another chain");
						}
						if (previousSeq < 0 && (firstSeq == null || row.seq() != firstSeq)) {
							return broken(out, firstSeq == null ? row.seq() : firstSeq,
									"the export does not start where its signed header says");
						}
						if (previousSeq >= 0 && row.seq() != previousSeq + 1) {
							return broken(out, previousSeq + 1, "deleted: entries " + (previousSeq + 1) + " to "
									+ (row.seq() - 1) + " are missing");
						}
						if (!row.computedHash().equals(row.hash())) {
							return broken(out, row.seq(), "modified: the entry's content does not match its hash");
						}
						if (previousHash != null && !row.prevHash().equals(previousHash)) {
							return broken(out, row.seq(), "the entry does not follow the one before it");
						}
						hashes.put(row.seq(), row.hash());
						previousSeq = row.seq();
						previousHash = row.hash();
						entries++;
					}
					case "checkpoint" -> {
						long seq = node.path("seq").asLong();
						String headHash = node.path("headHash").asString();
						Instant at = Instant.parse(node.path("at").asString());
						byte[] signature = Base64.getDecoder().decode(node.path("signature").asString());
						if (!AuditSignatures.verify(key, Checkpoints.message(store, chain, seq, headHash, at), signature)) {
							return broken(out, seq, "the checkpoint's signature does not verify with this public key");
						}
						if (!headHash.equals(hashes.get(seq))) {
							return broken(out, seq, "modified: the entry does not match its signed checkpoint");
						}
						lastCovered = Math.max(lastCovered, seq);
						checkpoints++;
					}
					default -> {
						out.println("not a Tombot audit export: a line of unknown type");
						return 2;
					}
				}
			}
			if (lastSeq != null && previousSeq != lastSeq) {
				return broken(out, previousSeq + 1, "deleted: the export ends before the " + lastSeq
						+ " its signed header names");
			}
			if (lastSeq != null && lastCovered != lastSeq) {
				return broken(out, lastCovered + 1, "entries " + (lastCovered + 1) + " to " + lastSeq
						+ " are not covered by a signed checkpoint");
			}
			out.println(store + " " + chain + ": " + entries + " entries, " + checkpoints + " signed checkpoints, intact"
					+ (pinnedKeyset == null ? " (checked with the export's own public key: pin one with --public-key)" : ""));
			return 0;
		}
		catch (IOException | RuntimeException ex) {
			out.println("the export cannot be read: " + ex.getMessage());
			return 2;
		}
	}

	private static int broken(PrintStream out, long seq, String what) {
		out.println("BROKEN at entry " + seq + ": " + what);
		return 1;
	}

	private static AuditRow row(JsonNode node) {
		String tenant = text(node, "tenantId");
		return new AuditRow(node.path("chain").asString(), node.path("seq").asLong(), Instant.parse(node.path("at").asString()),
				text(node.path("actor"), "type"), text(node.path("actor"), "id"), tenant == null ? null : UUID.fromString(tenant),
				text(node, "action"), text(node.path("resource"), "type"), text(node.path("resource"), "id"),
				text(node, "subject"), text(node, "outcome"), text(node, "reason"), text(node, "sourceAddress"),
				text(node, "userAgent"), text(node, "requestId"), text(node, "prevHash"), text(node, "hash"));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

}
