package ai.tombot.conversations.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.PostgresStores;
import ai.tombot.PostgresTestDatabases;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that goes away while the server runs (issue 7): requests that need it are answered
 * 503 with Retry-After, promptly (no request hangs on the dead store), with nothing about the
 * failure in the body; and the server resumes by itself when the store is back. The outage is
 * made by refusing new connections to the store's database and ending its sessions, which
 * PostgreSQL reports as it does for a shutdown (SQL state 57P01).
 */
class StoreOutageOnPostgresTests {

	/** Far above the store connection timeout (2 s): a request that needs longer hung. */
	private static final Duration PROMPT = Duration.ofSeconds(8);

	private final PostgresStores postgres = new PostgresStores();

	@TempDir
	Path dataDir;

	private Map<String, String> stores;

	private ConversationFixture fixture;

	@BeforeEach
	void start() throws Exception {
		this.stores = this.postgres.fresh();
		this.fixture = new ConversationFixture(this.dataDir, this.stores, null);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.fixture != null) {
			this.fixture.close();
		}
		this.postgres.close();
	}

	@Test
	void regionStoreDown_ingestAndReadsAnswer503Promptly_thenResumeByThemselves() throws Exception {
		HttpResponse<String> before = post("m-1");
		assertThat(before.statusCode()).as(before.body()).isEqualTo(201);
		String conversation = parse(before.body()).get("conversationId").asString();

		String region = database("tombot.regions.eu.store.url");
		block(region);
		try {
			HttpResponse<String> during = post("m-2");
			assertUnavailable(during);
			assertUnavailable(this.fixture.tombot.send(this.fixture.tombot
				.jsonRequest("/api/v1/tenants/acme/conversations/" + conversation + "/messages", "GET", "",
						this.fixture.apiKey)
				.GET()
				.timeout(PROMPT)));
		}
		finally {
			unblock(region);
		}

		// The same message again, after the store is back: stored once.
		HttpResponse<String> after = retryUntilAcknowledged("m-2");
		assertThat(after.statusCode()).isIn(200, 201);
		assertThat(this.fixture.messages(conversation, this.fixture.apiKey)).hasSize(2);
	}

	@Test
	void regionStoreDown_aBatchAnswers503AtOnce_notAnItemAfterAnother_andCanBeSentAgain() throws Exception {
		assertThat(post("b-0").statusCode()).isEqualTo(201);
		String region = database("tombot.regions.eu.store.url");
		block(region);
		try {
			assertUnavailable(batch("b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "b-7", "b-8"));
		}
		finally {
			unblock(region);
		}
		HttpResponse<String> again;
		long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		do {
			again = batch("b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "b-7", "b-8");
		}
		while (again.statusCode() == 503 && System.nanoTime() < end);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		parse(again.body()).get("results").forEach(result -> assertThat(result.get("status").asInt()).isIn(200, 201));
	}

	private HttpResponse<String> batch(String... clientMessageIds) {
		java.util.List<Map<String, Object>> messages = java.util.Arrays.stream(clientMessageIds)
			.map(id -> Map.<String, Object>of("channel", "web-chat", "subject", Map.of("externalId", "customer-1"),
					"direction", "inbound", "author", "customer", "text", "hello", "clientMessageId", id))
			.toList();
		// 8 items × the 2 s connection timeout would be 16 s if the batch went on item by item
		return this.fixture.tombot.send(this.fixture.tombot
			.jsonRequest("/api/v1/tenants/acme/messages:batch", "POST", json(Map.of("messages", messages)),
					this.fixture.apiKey)
			.timeout(PROMPT));
	}

	@Test
	void controlStoreDown_apiKeyCheckAnswers503Promptly_thenResumes() throws Exception {
		String control = database("tombot.control.store.url");
		block(control);
		try {
			assertUnavailable(post("c-1"));
		}
		finally {
			unblock(control);
		}
		assertThat(retryUntilAcknowledged("c-1").statusCode()).isIn(200, 201);
	}

	private HttpResponse<String> post(String clientMessageId) {
		return this.fixture.tombot.send(this.fixture.tombot
			.jsonRequest("/api/v1/tenants/acme/messages", "POST",
					json(Map.of("channel", "web-chat", "subject", Map.of("externalId", "customer-1"), "direction",
							"inbound", "author", "customer", "text", "hello", "clientMessageId", clientMessageId)),
					this.fixture.apiKey)
			.timeout(PROMPT));
	}

	/** Resumes by itself: within a few seconds of the store's return, without a restart. */
	private HttpResponse<String> retryUntilAcknowledged(String clientMessageId) throws InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		HttpResponse<String> answer;
		do {
			answer = post(clientMessageId);
			if (answer.statusCode() != 503) {
				return answer;
			}
			Thread.sleep(250);
		}
		while (System.nanoTime() < end);
		return answer;
	}

	private static void assertUnavailable(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).isPresent();
		assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(parse(answer.body()).get("type").asString()).isEqualTo("urn:tombot:problem:unavailable");
		assertThat(answer.body()).doesNotContainIgnoringCase("sql").doesNotContain("tombot_t_").doesNotContain("Exception");
	}

	private String database(String property) {
		String url = this.stores.get(property);
		String path = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1);
		return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
	}

	/** New connections refused, open ones ended (PostgreSQL's SQL state 57P01, as in a shutdown). */
	private void block(String database) throws SQLException {
		admin("alter database " + database + " allow_connections false",
				"select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
	}

	private void unblock(String database) throws SQLException {
		admin("alter database " + database + " allow_connections true");
	}

	private void admin(String... statements) throws SQLException {
		try (Connection connection = java.sql.DriverManager.getConnection(
				System.getenv(PostgresTestDatabases.URL_VARIABLE), System.getenv("TOMBOT_TEST_POSTGRES_USER"),
				System.getenv("TOMBOT_TEST_POSTGRES_PASSWORD"));
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
