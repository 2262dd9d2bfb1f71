package ai.tombot.conversations.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;

/** Conversations, in the tenant's region store. A subject has at most one open conversation per channel. */
@Repository
class Conversations {

	private final Stores stores;

	Conversations(Stores stores) {
		this.stores = stores;
	}

	record Conversation(UUID id, long seq, UUID channelId, String subject, Instant openedAt, Instant closedAt,
			Instant lastMessageAt) {
	}

	/** Filters of a listing; null for none. {@code before} is a cursor: conversations older than it. */
	record Filter(String subject, UUID channelId, Instant from, Instant to, Long before) {
	}

	/** The tenant's conversation, locked until the transaction ends; empty for another tenant's. */
	Optional<Conversation> lock(Tenant tenant, UUID id) {
		return jdbc(tenant).sql("select * from conversation where tenant_id = :tenant and id = :id for update")
			.param("tenant", tenant.id())
			.param("id", id)
			.query(Conversations::map)
			.optional();
	}

	Optional<Conversation> find(Tenant tenant, UUID id) {
		return jdbc(tenant).sql("select * from conversation where tenant_id = :tenant and id = :id")
			.param("tenant", tenant.id())
			.param("id", id)
			.query(Conversations::map)
			.optional();
	}

	/** The subject's open conversation on the channel, made when there is none; the caller holds the subject's lock. */
	Conversation openFor(Tenant tenant, UUID channelId, String subject, Instant now) {
		Optional<Conversation> open = jdbc(tenant)
			.sql("select * from conversation where tenant_id = :tenant and subject_id = :subject and channel_id = :channel "
					+ "and closed_at is null order by seq desc fetch first 1 rows only")
			.param("tenant", tenant.id())
			.param("subject", subject)
			.param("channel", channelId)
			.query(Conversations::map)
			.optional();
		if (open.isPresent()) {
			return open.get();
		}
		UUID id = UUID.randomUUID();
		jdbc(tenant).sql("insert into conversation (id, tenant_id, channel_id, subject_id, opened_at, last_message_at) "
				+ "values (:id, :tenant, :channel, :subject, :now, :now)")
			.param("id", id)
			.param("tenant", tenant.id())
			.param("channel", channelId)
			.param("subject", subject)
			.param("now", SqlTime.ts(now))
			.update();
		return find(tenant, id).orElseThrow();
	}

	/** Closes the conversation (it stays readable; the subject's next message opens a new one); false when it was closed. */
	boolean close(Tenant tenant, UUID id, Instant at) {
		return jdbc(tenant).sql("update conversation set closed_at = :at where tenant_id = :tenant and id = :id "
				+ "and closed_at is null")
			.param("at", SqlTime.ts(at))
			.param("tenant", tenant.id())
			.param("id", id)
			.update() == 1;
	}

	void touch(Tenant tenant, UUID id, Instant at) {
		jdbc(tenant).sql("update conversation set last_message_at = :at where id = :id and last_message_at < :at")
			.param("at", SqlTime.ts(at))
			.param("id", id)
			.update();
	}

	/** Newest first, at most {@code limit}. */
	List<Conversation> list(Tenant tenant, Filter filter, int limit) {
		JdbcClient.StatementSpec statement = jdbc(tenant).sql(listQuery(filter, limit)).param("tenant", tenant.id());
		if (filter.subject() != null) {
			statement = statement.param("subject", filter.subject());
		}
		if (filter.channelId() != null) {
			statement = statement.param("channel", filter.channelId());
		}
		if (filter.from() != null) {
			statement = statement.param("from", SqlTime.ts(filter.from()));
		}
		if (filter.to() != null) {
			statement = statement.param("to", SqlTime.ts(filter.to()));
		}
		statement = statement.param("before", filter.before() != null ? filter.before() : Long.MAX_VALUE);
		return statement.query(Conversations::map).list();
	}

	/** The query {@link #list} runs. */
	static String listQuery(Filter filter, int limit) {
		StringBuilder sql = new StringBuilder("select * from conversation where tenant_id = :tenant");
		if (filter.subject() != null) {
			sql.append(" and subject_id = :subject");
		}
		if (filter.channelId() != null) {
			sql.append(" and channel_id = :channel");
		}
		if (filter.from() != null) {
			sql.append(" and opened_at >= :from");
		}
		if (filter.to() != null) {
			sql.append(" and opened_at < :to");
		}
		// always bounded, and ordered by the index's columns, the first fixed by the condition: so
		// H2 reads conversation_tenant backwards and stops after the page (see Messages.PAGE); by
		// seq alone it read and sorted all the tenant's conversations for each page
		return sql.append(" and seq < :before order by tenant_id desc, seq desc fetch first ")
			.append(limit)
			.append(" rows only")
			.toString();
	}

	private JdbcClient jdbc(Tenant tenant) {
		return this.stores.region(tenant.region()).jdbc();
	}

	private static Conversation map(ResultSet rs, int row) throws SQLException {
		return new Conversation(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getObject("channel_id", UUID.class),
				rs.getString("subject_id"), SqlTime.instant(rs, "opened_at"), SqlTime.instant(rs, "closed_at"),
				SqlTime.instant(rs, "last_message_at"));
	}

}
