package ai.tombot.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import ai.tombot.audit.internal.Segments.Damaged;
import ai.tombot.audit.internal.Segments.Segment;

/**
 * The bytes of a sealed segment (see {@link Segments}): the label {@value #FORMAT}, then per
 * entry its previous hash, sequence number, time (epoch milliseconds), actor type, actor id,
 * tenant id, action, resource type and id, subject, outcome, reason, source address, user
 * agent, request id and hash, each length-prefixed as {@link AuditRow#encode} does. An entry's
 * hash covers the label {@code tombot-audit-v1}, its previous hash, the chain and the parts
 * from its sequence number to its request id: all but the chain lie in the segment as the hash
 * read them, so {@link #stretch} checks a segment over its bytes as stored.
 */
final class SegmentFormat {

	static final String FORMAT = "tombot-audit-segment-v1";

	/** Parts an entry has in a segment. */
	private static final int PARTS = 16;

	private static final byte[] HASH_LABEL = AuditRow.encode("tombot-audit-v1");

	private SegmentFormat() {
	}

	/** The bytes of a segment of {@code rows}. */
	static byte[] encode(List<AuditRow> rows) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 512);
		out.writeBytes(AuditRow.encode(FORMAT));
		for (AuditRow row : rows) {
			out.writeBytes(AuditRow.encode(row.prevHash(), Long.toString(row.seq()),
					Long.toString(row.at().toEpochMilli()), row.actorType(), row.actorId(),
					row.tenantId() == null ? null : row.tenantId().toString(), row.action(), row.resourceType(),
					row.resourceId(), row.subject(), row.outcome(), row.reason(), row.sourceAddress(), row.userAgent(),
					row.requestId(), row.hash()));
		}
		return out.toByteArray();
	}

	/**
	 * A segment's entries.
	 *
	 * @throws Damaged when its bytes are not a writer's, it holds an entry outside the range its
	 * columns name, or the times they name are not the earliest and latest of its entries
	 */
	static List<AuditRow> decode(Segment segment) {
		Reader reader = new Reader(segment);
		List<AuditRow> rows = new ArrayList<>((int) Math.min(10_000, Math.max(1, segment.toSeq() - segment.fromSeq() + 1)));
		while (reader.more()) {
			String[] parts = new String[PARTS];
			for (int i = 0; i < PARTS; i++) {
				parts[i] = reader.string();
			}
			try {
				rows.add(new AuditRow(segment.chain(), Long.parseLong(parts[1]),
						Instant.ofEpochMilli(Long.parseLong(parts[2])), parts[3], parts[4],
						parts[5] == null ? null : UUID.fromString(parts[5]), parts[6], parts[7], parts[8], parts[9],
						parts[10], parts[11], parts[12], parts[13], parts[14], parts[0], parts[15]));
			}
			catch (RuntimeException ex) { // a number, time or id that is not one
				throw new Damaged(segment.fromSeq(), "the sealed entries " + segment.fromSeq() + " to "
						+ segment.toSeq() + " do not decode");
			}
		}
		// the columns name the range and the earliest and latest time of its entries: readers go by
		// them. An entry outside the range is read only where the range was not asked for: never
		// verified, it could be shown. Gaps and changed order within it, the walk names
		for (AuditRow row : rows) {
			if (row.seq() < segment.fromSeq() || row.seq() > segment.toSeq()) {
				throw new Damaged(segment.fromSeq(), "the segment of entries " + segment.fromSeq() + " to "
						+ segment.toSeq() + " holds entry " + row.seq() + ", outside that range");
			}
		}
		if (!rows.isEmpty()) {
			Instant min = rows.get(0).at();
			Instant max = min;
			for (AuditRow row : rows) {
				min = row.at().isBefore(min) ? row.at() : min;
				max = row.at().isAfter(max) ? row.at() : max;
			}
			if (!min.equals(segment.minAt()) || !max.equals(segment.maxAt())) {
				throw new Damaged(segment.fromSeq(), "the times the segment of entries " + segment.fromSeq() + " to "
						+ segment.toSeq() + " names are not its entries' times");
			}
		}
		return rows;
	}

	/**
	 * Whether the segment holds exactly entries {@code start} to {@code end}, each matching its
	 * hash and following the one before it, and matches its columns: the fast pass's check of a
	 * window that one segment holds, over the bytes as stored (no entry decoded).
	 *
	 * @return the window's first previous hash and last hash; null when anything is off
	 */
	static ChainWindows.Stretch stretch(Segment segment, long start, long end, SeenHashes seen) {
		if (segment.fromSeq() != start || segment.toSeq() != end) {
			return null;
		}
		try {
			Reader reader = new Reader(segment);
			MessageDigest digest = AuditRow.digest();
			byte[] chain = AuditRow.encode(segment.chain());
			byte[] computed = new byte[32];
			String chainedOnto = null;
			byte[] previous = null;
			long expected = start;
			Instant min = null;
			Instant max = null;
			while (reader.more()) {
				int prevAt = reader.position;
				byte[] prev = reader.bytes();
				if (prev == null || (previous != null && !Arrays.equals(prev, previous))) {
					return null;
				}
				if (chainedOnto == null) {
					chainedOnto = new String(prev, StandardCharsets.US_ASCII);
				}
				int seqAt = reader.position;
				String seq = reader.string();
				if (seq == null || Long.parseLong(seq) != expected) {
					return null;
				}
				String at = reader.string();
				Instant time = Instant.ofEpochMilli(Long.parseLong(at));
				min = min == null || time.isBefore(min) ? time : min;
				max = max == null || time.isAfter(max) ? time : max;
				for (int i = 3; i < PARTS - 1; i++) {
					reader.skip();
				}
				int hashAt = reader.position;
				byte[] hash = reader.bytes();
				digest.update(HASH_LABEL);
				digest.update(reader.body, prevAt, seqAt - prevAt);
				digest.update(chain);
				digest.update(reader.body, seqAt, hashAt - seqAt);
				digest.digest(computed, 0, 32);
				// as the entry-by-entry check compares them: lower-case hex, as a writer stores it
				if (hash == null || !Arrays.equals(hash, hex(computed))) {
					return null;
				}
				if (seen.wants(expected)) {
					seen.saw(expected, new String(hash, StandardCharsets.US_ASCII));
				}
				previous = hash;
				expected++;
			}
			if (expected != end + 1 || !segment.minAt().equals(min) || !segment.maxAt().equals(max)) {
				return null;
			}
			return new ChainWindows.Stretch(chainedOnto, new String(previous, StandardCharsets.US_ASCII));
		}
		catch (RuntimeException | java.security.DigestException ex) {
			return null; // not a writer's bytes: the exact walk names it
		}
	}

	private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	/** {@code bytes} in lower-case hex, as ASCII bytes. */
	private static byte[] hex(byte[] bytes) {
		byte[] hex = new byte[bytes.length * 2];
		for (int i = 0; i < bytes.length; i++) {
			hex[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xf];
			hex[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
		}
		return hex;
	}

	/** Reads the length-prefixed parts of a segment, after its label. */
	private static final class Reader {

		private final Segment segment;

		private final byte[] body;

		private int position;

		Reader(Segment segment) {
			this.segment = segment;
			this.body = segment.entries();
			if (!FORMAT.equals(string())) {
				throw damaged();
			}
		}

		boolean more() {
			return this.position < this.body.length;
		}

		private int length() {
			if (this.body.length - this.position < 4) {
				throw damaged();
			}
			int length = (this.body[this.position] & 0xff) << 24 | (this.body[this.position + 1] & 0xff) << 16
					| (this.body[this.position + 2] & 0xff) << 8 | (this.body[this.position + 3] & 0xff);
			this.position += 4;
			if (length < -1 || length > this.body.length - this.position) {
				throw damaged();
			}
			return length;
		}

		String string() {
			int length = length();
			if (length < 0) {
				return null;
			}
			String value = new String(this.body, this.position, length, StandardCharsets.UTF_8);
			this.position += length;
			return value;
		}

		byte[] bytes() {
			int length = length();
			if (length < 0) {
				return null;
			}
			byte[] value = Arrays.copyOfRange(this.body, this.position, this.position + length);
			this.position += length;
			return value;
		}

		void skip() {
			int length = length(); // first: it moves the position past the length itself
			this.position += Math.max(0, length);
		}

		private Damaged damaged() {
			return new Damaged(this.segment.fromSeq(), "the sealed entries " + this.segment.fromSeq() + " to "
					+ this.segment.toSeq() + " do not decode");
		}

	}

}
