package ai.tombot.conversations.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;

/**
 * Messages, in the tenant's region store. The stored text is a ciphertext (see
 * {@link #record}); {@code redactions} counts what was taken out, never a value.
 */
@Repository
class Messages {

	private final Stores stores;

	Messages(Stores stores) {
		this.stores = stores;
	}

	/** A message as stored: its text still encrypted. */
	record StoredMessage(UUID id, long seq, UUID conversationId, String subject, String direction, String author,
			Instant sentAt, Instant receivedAt, byte[] ciphertext, String redactions) {
	}

	/** What a message's ciphertext holds: the client's id for it, and its text as stored (redacted). */
	record Content(String clientMessageId, String text) {

		byte[] encode() {
			byte[] id = this.clientMessageId.getBytes(StandardCharsets.UTF_8);
			byte[] body = this.text.getBytes(StandardCharsets.UTF_8);
			return ByteBuffer.allocate(4 + id.length + body.length).putInt(id.length).put(id).put(body).array();
		}

		static Content decode(byte[] bytes) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			int idLength = buffer.getInt();
			return new Content(new String(bytes, 4, idLength, StandardCharsets.UTF_8),
					new String(bytes, 4 + idLength, bytes.length - 4 - idLength, StandardCharsets.UTF_8));
		}

		@Override
		public String toString() {
			return "Content[<hidden>]";
		}

	}

	/** The record a message's ciphertext is bound to. */
	static String record(UUID messageId) {
		return "message/" + messageId;
	}

	/** As stored: {@code TYPE=N} pairs, comma-separated, in the map's order. */
	static String counts(Map<?, Integer> counts) {
		return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
	}

	static Map<String, Integer> parseCounts(String stored) {
		Map<String, Integer> counts = new java.util.TreeMap<>();
		if (!stored.isEmpty()) {
			for (String pair : stored.split(",")) {
				String[] parts = pair.split("=", 2);
				counts.put(parts[0], Integer.parseInt(parts[1]));
			}
		}
		return counts;
	}

	void insert(Tenant tenant, StoredMessage message, String clientKey) {
		jdbc(tenant).sql("""
				insert into message (id, tenant_id, conversation_id, subject_id, direction, author, client_key, sent_at,
				                     received_at, text, redactions)
				values (:id, :tenant, :conversation, :subject, :direction, :author, :clientKey, :sent, :received, :text,
				        :redactions)""")
			.param("id", message.id())
			.param("tenant", tenant.id())
			.param("conversation", message.conversationId())
			.param("subject", message.subject())
			.param("direction", message.direction())
			.param("author", message.author())
			.param("clientKey", clientKey)
			.param("sent", SqlTime.ts(message.sentAt()))
			.param("received", SqlTime.ts(message.receivedAt()))
			.param("text", message.ciphertext())
			.param("redactions", message.redactions())
			.update();
	}

	Optional<StoredMessage> findByClientKey(Tenant tenant, String clientKey) {
		return jdbc(tenant).sql("select * from message where tenant_id = :tenant and client_key = :key")
			.param("tenant", tenant.id())
			.param("key", clientKey)
			.query(Messages::map)
			.optional();
	}

	/**
	 * A page of a conversation's messages, oldest first: {@code :limit} after sequence number
	 * {@code :after}. The order names the index's columns ({@code message_conversation}), the
	 * first of them fixed by the condition: H2 reads an index in order, and stops after the
	 * page, only when the order starts with the index's first column; by {@code seq} alone it
	 * read and sorted every later message of the conversation for each page.
	 */
	static final String PAGE = "select * from message where tenant_id = :tenant and conversation_id = :conversation "
			+ "and seq > :after order by conversation_id, seq fetch first :limit rows only";

	/**
	 * A conversation's latest {@code :limit} inbound messages, newest first, read from index
	 * {@code message_inbound_latest} in order (see {@link #PAGE} for why the order names the
	 * index's columns).
	 */
	static final String LATEST_INBOUND = "select * from message where conversation_id = :conversation "
			+ "and direction = 'inbound' order by conversation_id, direction, seq desc fetch first :limit rows only";

	/** The sequence number of a message of the conversation (a page cursor's). */
	Optional<Long> seq(Tenant tenant, UUID conversationId, UUID id) {
		return jdbc(tenant).sql("select seq from message where tenant_id = :tenant and conversation_id = :conversation "
				+ "and id = :id")
			.param("tenant", tenant.id())
			.param("conversation", conversationId)
			.param("id", id)
			.query(Long.class)
			.optional();
	}

	/** The conversation's messages after the cursor, oldest first, at most {@code limit}. */
	List<StoredMessage> page(Tenant tenant, UUID conversationId, long after, int limit) {
		return jdbc(tenant).sql(PAGE)
			.param("tenant", tenant.id())
			.param("conversation", conversationId)
			.param("after", after)
			.param("limit", limit)
			.query(Messages::map)
			.list();
	}

	/**
	 * The conversation's latest inbound messages received since {@code since}, newest first:
	 * of its latest {@code limit} inbound messages, those. The conversation is the tenant's (the
	 * caller found it so).
	 */
	List<StoredMessage> latestInbound(Tenant tenant, UUID conversationId, Instant since, int limit) {
		return jdbc(tenant).sql(LATEST_INBOUND)
			.param("conversation", conversationId)
			.param("limit", limit)
			.query(Messages::map)
			.list()
			.stream()
			.filter(message -> !message.receivedAt().isBefore(since))
			.toList();
	}

	/** Replaces a message's stored text (a retroactive redaction), in the caller's transaction. */
	void rewrite(Tenant tenant, UUID id, byte[] ciphertext, String redactions) {
		jdbc(tenant).sql("update message set text = :text, redactions = :redactions where tenant_id = :tenant and id = :id")
			.param("text", ciphertext)
			.param("redactions", redactions)
			.param("tenant", tenant.id())
			.param("id", id)
			.update();
	}

	private JdbcClient jdbc(Tenant tenant) {
		return this.stores.region(tenant.region()).jdbc();
	}

	private static StoredMessage map(ResultSet rs, int row) throws SQLException {
		return new StoredMessage(rs.getObject("id", UUID.class), rs.getLong("seq"),
				rs.getObject("conversation_id", UUID.class), rs.getString("subject_id"), rs.getString("direction"),
				rs.getString("author"), SqlTime.instant(rs, "sent_at"), SqlTime.instant(rs, "received_at"),
				rs.getBytes("text"), rs.getString("redactions"));
	}

}
