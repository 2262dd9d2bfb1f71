package ai.tombot.conversations.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reads that run per page or per message stay bounded as a conversation or a tenant grows:
 * on the embedded store (H2), a page of messages, the split-card read of the latest inbound
 * messages and a page of conversations each read about as many rows as they return, in a
 * conversation of 2,000 messages and a tenant of 600 conversations. H2's {@code EXPLAIN ANALYZE}
 * counts the rows a query read ({@code scanCount}). Ordered by {@code seq} alone, these queries
 * read every message of the conversation, or every conversation of the tenant, and sorted them.
 * (PostgreSQL plans such queries from the index whatever the order names; the PostgreSQL test
 * classes check their results.)
 */
class ReadPlanTests {

	static final int MESSAGES = 2_000;

	static final int CONVERSATIONS = 600;

	static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

	@TempDir
	Path dataDir;

	ConversationFixture fixture;

	Store store;

	UUID tenant;

	UUID conversation;

	@BeforeEach
	void start() throws Exception {
		this.fixture = new ConversationFixture(this.dataDir, Map.of(), java.time.Clock.systemUTC());
		JsonNode first = parse(ConversationFixture.created(this.fixture.inbound("+1 415 555 0101", "hello", "m-0")).body());
		this.conversation = UUID.fromString(first.get("conversationId").asString());
		this.store = this.fixture.tombot.bean(Stores.class).region("eu");
		this.tenant = this.store.jdbc()
			.sql("select tenant_id from conversation where id = :id")
			.param("id", this.conversation)
			.query(UUID.class)
			.single();
		String subject = this.store.jdbc()
			.sql("select subject_id from conversation where id = :id")
			.param("id", this.conversation)
			.query(String.class)
			.single();
		Instant now = Instant.now();
		this.store.tx().executeWithoutResult(status -> {
			for (int i = 1; i <= MESSAGES; i++) { // a third outbound, as a bot answers
				this.store.jdbc()
					.sql("insert into message (id, tenant_id, conversation_id, subject_id, direction, author, client_key, "
							+ "sent_at, received_at, text, redactions) values (:id, :tenant, :conversation, :subject, "
							+ ":direction, 'customer', :key, :now, :now, :text, '')")
					.param("id", UUID.randomUUID())
					.param("tenant", this.tenant)
					.param("conversation", this.conversation)
					.param("subject", subject)
					.param("direction", i % 3 == 0 ? "outbound" : "inbound")
					.param("key", "bulk-" + i)
					.param("now", SqlTime.ts(now))
					.param("text", new byte[] { 1, 2, 3 })
					.update();
			}
			for (int i = 1; i < CONVERSATIONS; i++) { // closed conversations of the same subject
				this.store.jdbc()
					.sql("insert into conversation (id, tenant_id, channel_id, subject_id, opened_at, closed_at, "
							+ "last_message_at) values (:id, :tenant, :channel, :subject, :now, :now, :now)")
					.param("id", UUID.randomUUID())
					.param("tenant", this.tenant)
					.param("channel", UUID.fromString(this.fixture.channelId))
					.param("subject", subject)
					.param("now", SqlTime.ts(now))
					.update();
			}
		});
	}

	@AfterEach
	void stop() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void aPageOfMessages_readsThePage() {
		assertThat(rowsRead(Messages.PAGE, Map.of("tenant", this.tenant, "conversation", this.conversation, "after", 0L,
				"limit", 50))).isLessThanOrEqualTo(51);
		long middle = this.store.jdbc()
			.sql("select min(seq) + 1000 from message where conversation_id = :id")
			.param("id", this.conversation)
			.query(Long.class)
			.single();
		assertThat(rowsRead(Messages.PAGE, Map.of("tenant", this.tenant, "conversation", this.conversation, "after",
				middle, "limit", 50))).isLessThanOrEqualTo(51);
	}

	@Test
	void theLatestInboundMessages_readFourRows() {
		assertThat(rowsRead(Messages.LATEST_INBOUND, Map.of("conversation", this.conversation, "limit", 4)))
			.isLessThanOrEqualTo(5);
	}

	@Test
	void aPageOfConversations_readsThePage() {
		Conversations.Filter all = new Conversations.Filter(null, null, null, null, null);
		assertThat(rowsRead(Conversations.listQuery(all, 50), Map.of("tenant", this.tenant, "before", Long.MAX_VALUE)))
			.isLessThanOrEqualTo(51);
		long middle = this.store.jdbc()
			.sql("select min(seq) + 300 from conversation where tenant_id = :tenant")
			.param("tenant", this.tenant)
			.query(Long.class)
			.single();
		Conversations.Filter older = new Conversations.Filter(null, null, null, null, middle);
		assertThat(rowsRead(Conversations.listQuery(older, 50), Map.of("tenant", this.tenant, "before", middle)))
			.isLessThanOrEqualTo(51);
	}

	/** The rows H2 read for the query, by its {@code EXPLAIN ANALYZE}. */
	long rowsRead(String query, Map<String, Object> params) {
		String plan = this.store.jdbc().sql("explain analyze " + query).params(params).query(String.class).single();
		Matcher scanned = SCAN_COUNT.matcher(plan);
		assertThat(scanned.find()).as(plan).isTrue();
		long read = Long.parseLong(scanned.group(1));
		assertThat(scanned.find()).as("one table, read once: %s", plan).isFalse();
		return read;
	}

}
