package ai.tombot.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.platform.SqlTime;

/**
 * One entry of a chain as stored. Its hash is SHA-256 over a version label, the previous
 * entry's hash and every other column, each length-prefixed (a null as length -1), so no two
 * different entries encode alike and no column can change without the hash changing.
 */
record AuditRow(String chain, long seq, Instant at, String actorType, String actorId, UUID tenantId, String action,
		String resourceType, String resourceId, String subject, String outcome, String reason, String sourceAddress,
		String userAgent, String requestId, String prevHash, String hash) {

	static final String GENESIS = "0".repeat(64);

	static final String COLUMNS = "chain, seq, at, actor_type, actor_id, tenant_id, action, resource_type, resource_id, "
			+ "subject, outcome, reason, source_address, user_agent, request_id, prev_hash, hash";

	static final RowMapper<AuditRow> MAPPER = AuditRow::map;

	/** Reads a row selected as {@link #COLUMNS} (first, in that order), by position rather than by label. */
	private static AuditRow map(ResultSet rs, int row) throws SQLException {
		String tenant = rs.getString(6);
		return new AuditRow(rs.getString(1), rs.getLong(2), SqlTime.instant(rs, 3), rs.getString(4), rs.getString(5),
				tenant == null ? null : UUID.fromString(tenant), rs.getString(7), rs.getString(8), rs.getString(9),
				rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
				rs.getString(15), rs.getString(16), rs.getString(17));
	}

	/** Inserts this entry as a row of {@code audit_entry}, as it is (hash included). */
	void insert(JdbcClient jdbc) {
		jdbc.sql("insert into audit_entry (" + COLUMNS + ") values (:chain, :seq, :at, :actorType, :actorId, :tenantId, "
				+ ":action, :resourceType, :resourceId, :subject, :outcome, :reason, :sourceAddress, :userAgent, "
				+ ":requestId, :prevHash, :hash)")
			.param("chain", this.chain)
			.param("seq", this.seq)
			.param("at", SqlTime.ts(this.at))
			.param("actorType", this.actorType)
			.param("actorId", this.actorId)
			.param("tenantId", this.tenantId)
			.param("action", this.action)
			.param("resourceType", this.resourceType)
			.param("resourceId", this.resourceId)
			.param("subject", this.subject)
			.param("outcome", this.outcome)
			.param("reason", this.reason)
			.param("sourceAddress", this.sourceAddress)
			.param("userAgent", this.userAgent)
			.param("requestId", this.requestId)
			.param("prevHash", this.prevHash)
			.param("hash", this.hash)
			.update();
	}

	/** This entry with {@code hash} as its hash. */
	AuditRow withHash(String hash) {
		return new AuditRow(this.chain, this.seq, this.at, this.actorType, this.actorId, this.tenantId, this.action,
				this.resourceType, this.resourceId, this.subject, this.outcome, this.reason, this.sourceAddress,
				this.userAgent, this.requestId, this.prevHash, hash);
	}

	/** The hash this entry's content and previous hash give; equal to {@link #hash} unless altered. */
	String computedHash() {
		return hash(this.prevHash);
	}

	/** The hash of this entry's content chained onto {@code previous}. */
	String hash(String previous) {
		return sha256(hashed(previous));
	}

	/** The bytes {@link #hash(String)} digests. */
	byte[] hashed(String previous) {
		return encode("tombot-audit-v1", previous, this.chain, Long.toString(this.seq),
				Long.toString(this.at.toEpochMilli()), this.actorType, this.actorId,
				this.tenantId == null ? null : this.tenantId.toString(), this.action, this.resourceType, this.resourceId,
				this.subject, this.outcome, this.reason, this.sourceAddress, this.userAgent, this.requestId);
	}

	/** The parts, each length-prefixed (a null as length -1): no two lists of parts encode alike. */
	static byte[] encode(String... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		for (String part : parts) {
			byte[] bytes = part == null ? null : part.getBytes(StandardCharsets.UTF_8);
			int length = bytes == null ? -1 : bytes.length;
			out.write(length >>> 24);
			out.write(length >>> 16);
			out.write(length >>> 8);
			out.write(length);
			if (bytes != null) {
				out.writeBytes(bytes);
			}
		}
		return out.toByteArray();
	}

	/** SHA-256 of {@code bytes}, hex. */
	static String sha256(byte[] bytes) {
		return HexFormat.of().formatHex(SHA256.get().digest(bytes));
	}

	/** This thread's SHA-256 digest, reset. */
	static MessageDigest digest() {
		MessageDigest digest = SHA256.get();
		digest.reset();
		return digest;
	}

	/** One digest a thread, rather than a provider lookup for every hash. */
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	});

}
