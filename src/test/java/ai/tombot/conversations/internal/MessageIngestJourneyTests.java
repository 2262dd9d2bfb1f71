package ai.tombot.conversations.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.platform.Stores;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation data path end to end over HTTPS: an integration's API key posts messages
 * holding a card number, an SSN, an e-mail address and a canary word; they come back masked
 * and tokenized, a retry stores nothing, reads are audited, only an admin may reveal a token,
 * and afterwards the raw store holds none of the sensitive values, nor the canary.
 */
class MessageIngestJourneyTests {

	static final String CARD = "4111 1111 1111 1111";

	static final String SSN = "123-45-6789";

	static final String EMAIL = "alice.canary@example.com";

	static final String CANARY = "zebracanary7781";

	static final String PHONE = "+1 415 555 0132";

	/** What must be nowhere in the stores, in any form a store might keep it. */
	static final List<String> SECRETS = List.of("4111111111111111", CARD, "4111-1111-1111-1111", SSN, "123456789",
			EMAIL, CANARY, "4155550132", "415 555 0132");

	@TempDir
	Path dataDir;

	/** The store settings; none for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	/** Every place the stores keep data, as text, searched for the secrets after the server stopped. */
	List<String> rawStores(ConversationFixture fixture) throws IOException {
		List<String> raw = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				byte[] bytes = Files.readAllBytes(file);
				raw.add(file + ": " + new String(bytes, StandardCharsets.ISO_8859_1));
				raw.add(file + " (utf-16): " + new String(bytes, StandardCharsets.UTF_16LE));
			}
		}
		return raw;
	}

	@Test
	void ingestReadRevealAudit_rawStoreHoldsNoCardSsnOrCanary() throws Exception {
		List<String> raw;
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			String text = "Hi, " + CANARY + " here. Card " + CARD + ", SSN " + SSN + ", mail " + EMAIL
					+ ", from 10.1.2.3";
			HttpResponse<String> created = fixture.inbound(PHONE, text, "msg-1");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			JsonNode message = parse(created.body());
			String stored = message.get("text").asString();
			assertThat(stored).startsWith("Hi, " + CANARY + " here. Card [CARD •••• 1111], SSN [SSN], mail [EMAIL:tk_")
				.endsWith(", from 10.1.2.3")
				.doesNotContain(SSN, EMAIL, "4111 1111");
			assertThat(message.get("redactions").toString()).isEqualTo("{\"CARD_NUMBER\":1,\"EMAIL\":1,\"US_SSN\":1}");
			assertThat(message.get("subject").asString()).startsWith("sub_");
			String conversation = message.get("conversationId").asString();

			// the same client message id: the original, nothing stored
			HttpResponse<String> again = fixture.inbound(PHONE, "something else", "msg-1");
			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(parse(again.body()).get("id").asString()).isEqualTo(message.get("id").asString());
			assertThat(parse(again.body()).get("text").asString()).isEqualTo(stored);

			// the same subject by phone number written another way: the same conversation
			HttpResponse<String> second = fixture.inbound("(415) 555-0132", "second message", "msg-2");
			assertThat(parse(second.body()).get("conversationId").asString()).isEqualTo(conversation);

			// found through the blind index, read masked by an agent
			HttpResponse<String> found = fixture.tombot.get("/api/v1/tenants/acme/conversations?subject=phone:%2B14155550132",
					fixture.agent);
			assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
			assertThat(parse(found.body()).get("conversations").findValuesAsString("id")).containsExactly(conversation);
			JsonNode read = fixture.messages(conversation, fixture.agent);
			assertThat(read.findValuesAsString("text")).containsExactly(stored, "second message");
			assertThat(fixture.messages(conversation, fixture.readOnly).findValuesAsString("text"))
				.containsExactly(stored, "second message");

			// revealing tokens: not for agents; for admins, audited
			assertThat(fixture.tombot
				.get("/api/v1/tenants/acme/conversations/" + conversation + "/messages?reveal=true", fixture.agent)
				.statusCode()).isEqualTo(403);
			HttpResponse<String> revealed = fixture.tombot
				.get("/api/v1/tenants/acme/conversations/" + conversation + "/messages?reveal=true", fixture.admin);
			assertThat(parse(revealed.body()).get("messages").get(0).get("text").asString()).contains(EMAIL)
				.contains("[CARD •••• 1111]", "[SSN]");

			// every read is in the tenant's audit trail, naming the subject
			String subject = message.get("subject").asString();
			JsonNode audit = parse(fixture.tombot.get("/api/v1/tenants/acme/audit?subject=" + subject, fixture.admin).body());
			List<String> actions = audit.get("entries").findValuesAsString("action");
			assertThat(actions).contains("message.create", "message.read", "message.reveal", "conversation.list");
			assertThat(audit.toString()).doesNotContain(EMAIL, CANARY, SSN);

			raw = storeProperties().isEmpty() ? null : rawStores(fixture);
		}
		if (raw == null) {
			raw = rawStores(null); // the H2 files, as the server's shutdown left them
		}
		assertThat(raw).as("the scan reads the stores' data: the channel's name is there")
			.anyMatch(content -> content.contains("web-chat"));
		for (String secret : SECRETS) {
			assertThat(raw).as("the stores hold no '%s'", secret).noneMatch(content -> content.contains(secret));
		}
	}

	@Test
	void aClientMessageIdSentAgain_answersItsMessageOnlyForTheSameMessage_andItsTextOnlyToReaders() throws Exception {
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			assertThat(fixture.inbound(PHONE, "first words", "same-id").statusCode()).isEqualTo(201);
			String writeOnly = parse(ConversationFixture.created(fixture.tombot.post("/api/v1/tenants/acme/api-keys",
					"{\"name\":\"writer\",\"scopes\":[\"messages:write\"]}", fixture.admin)).body())
				.get("key")
				.asString();
			ConversationFixture.created(fixture.tombot.post("/api/v1/tenants/acme/channels",
					"{\"name\":\"sms\",\"kind\":\"sms\"}", fixture.admin));

			// the same message again: 200, its text to a key that may read, not to a write-only key
			String same = json(Map.of("channel", "web-chat", "subject", Map.of("phone", PHONE), "direction", "inbound",
					"author", "customer", "text", "first words", "clientMessageId", "same-id"));
			HttpResponse<String> reader = fixture.tombot.post("/api/v1/tenants/acme/messages", same, fixture.apiKey);
			assertThat(reader.statusCode()).isEqualTo(200);
			assertThat(reader.body()).contains("first words");
			HttpResponse<String> writer = fixture.tombot.post("/api/v1/tenants/acme/messages", same, writeOnly);
			assertThat(writer.statusCode()).isEqualTo(200);
			assertThat(parse(writer.body()).get("id").asString()).isEqualTo(parse(reader.body()).get("id").asString());
			assertThat(writer.body()).doesNotContain("first words");

			// the id with another subject, channel, direction or author: 409, the stored message not shown
			for (Map<String, Object> other : List.of(
					Map.of("channel", "web-chat", "subject", Map.of("phone", "+1 415 555 0199"), "direction", "inbound",
							"author", "customer"),
					Map.of("channel", "sms", "subject", Map.of("phone", PHONE), "direction", "inbound", "author",
							"customer"),
					Map.of("channel", "web-chat", "subject", Map.of("phone", PHONE), "direction", "outbound", "author",
							"bot"))) {
				Map<String, Object> body = new java.util.HashMap<>(other);
				body.putAll(Map.of("text", "other words", "clientMessageId", "same-id"));
				HttpResponse<String> taken = fixture.tombot.post("/api/v1/tenants/acme/messages", json(body), writeOnly);
				assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
				assertThat(taken.body()).doesNotContain("first words", "same-id");
			}
			long messages = fixture.tombot.bean(Stores.class).region("eu").jdbc()
				.sql("select count(*) from message").query(Long.class).single();
			assertThat(messages).isEqualTo(1);
		}
	}

	@Test
	void aRetryPreparedBeforeTheFirstAttemptCommitted_isTheSameMessage() throws Exception {
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			assertThat(fixture.inbound(PHONE, "first of a new subject", "race-1").statusCode()).isEqualTo(201);
			ai.tombot.tenancy.Tenant tenant = fixture.tombot.bean(ai.tombot.tenancy.TenantService.class).require("acme");
			Channels.Channel channel = fixture.tombot.bean(Channels.class).find(tenant, "web-chat").orElseThrow();
			Messages.StoredMessage stored = fixture.tombot.bean(Messages.class)
				.findByClientKey(tenant, fixture.tombot.bean(ai.tombot.keys.KeyService.class)
					.blindIndex(tenant.id(), "message.client-id", "race-1"))
				.orElseThrow();
			MessageIngest.Request retry = new MessageIngest.Request("web-chat", null,
					new MessageIngest.SubjectRef(PHONE, null, null), "inbound", "customer", "first of a new subject",
					"race-1", null);
			// what prepare gave a retry that ran before the first attempt committed: no subject
			// yet, a new pseudonym of its own
			Subjects.Prepared before = new Subjects.Prepared(Subjects.identifier(PHONE, null, null, "US"), "-", null,
					"sub_prepared_beside", new byte[0]);
			MessageIngest ingest = fixture.tombot.bean(MessageIngest.class);
			assertThat(ingest.sameMessage(tenant, channel, before, retry, stored)).isTrue();
			Subjects.Prepared someoneElse = new Subjects.Prepared(
					Subjects.identifier("+1 415 555 0188", null, null, "US"), "-", null, "sub_other", new byte[0]);
			assertThat(ingest.sameMessage(tenant, channel, someoneElse, retry, stored)).isFalse();
		}
	}

	@Test
	void pageCursors_nameTheLastItemShown_notARegionCounter_andOnlyWithinTheirList() throws Exception {
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				ids.add(parse(fixture.inbound(PHONE, "message " + i, "page-" + i).body()).get("id").asString());
			}
			String other = parse(fixture.inbound("+1 415 555 0177", "elsewhere", "page-other").body())
				.get("conversationId").asString();
			String conversation = parse(fixture.inbound(PHONE, "message 3", "page-3").body()).get("conversationId")
				.asString();
			String base = "/api/v1/tenants/acme/conversations/" + conversation + "/messages?limit=2";

			JsonNode first = parse(fixture.tombot.get(base, fixture.agent).body());
			assertThat(first.get("messages").findValuesAsString("text")).containsExactly("message 0", "message 1");
			assertThat(first.get("nextCursor").asString()).isEqualTo(ids.get(1)); // the last shown, a random id
			JsonNode second = parse(fixture.tombot.get(base + "&cursor=" + ids.get(1), fixture.agent).body());
			assertThat(second.get("messages").findValuesAsString("text")).containsExactly("message 2", "message 3");

			// a cursor of another conversation, or of no form this API gives: 400
			String elsewhere = fixture.messages(other, fixture.agent).get(0).get("id").asString();
			assertThat(fixture.tombot.get(base + "&cursor=" + elsewhere, fixture.agent).statusCode()).isEqualTo(400);
			assertThat(fixture.tombot.get(base + "&cursor=c1", fixture.agent).statusCode()).isEqualTo(400);

			JsonNode newest = parse(fixture.tombot.get("/api/v1/tenants/acme/conversations?limit=1", fixture.agent).body());
			String cursor = newest.get("nextCursor").asString();
			assertThat(cursor).isEqualTo(newest.get("conversations").get(0).get("id").asString());
			JsonNode older = parse(fixture.tombot.get("/api/v1/tenants/acme/conversations?limit=1&cursor=" + cursor,
					fixture.agent).body());
			assertThat(older.get("conversations").get(0).get("id").asString()).isNotEqualTo(cursor);
			assertThat(fixture.tombot.get("/api/v1/tenants/acme/conversations?cursor=" + java.util.UUID.randomUUID(),
					fixture.agent).statusCode()).isEqualTo(400);
		}
	}

	@Test
	void cryptoShreddedSubject_readsAsErased() throws Exception {
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			JsonNode message = parse(fixture.inbound(PHONE, "soon forgotten", "e-1").body());
			java.util.UUID tenant = fixture.tombot.bean(ai.tombot.tenancy.TenantService.class).find("acme").orElseThrow().id();
			fixture.tombot.bean(ai.tombot.keys.KeyService.class)
				.destroySubjectKey(tenant, message.get("subject").asString(), "test erasure");
			JsonNode read = fixture.messages(message.get("conversationId").asString(), fixture.agent).get(0);
			assertThat(read.get("erased").asBoolean()).isTrue();
			assertThat(read.get("text").isNull()).isTrue();
			assertThat(read.get("id").asString()).isEqualTo(message.get("id").asString());
		}
	}

	/**
	 * The locks of ingest (a subject's row, its conversation's, the audit chain's head) under
	 * requests at once: every thread sends to a subject they all share, whose conversation was
	 * closed (so they race to open its next one), and, at the same moment as the others, the
	 * first message of a subject new to all of them.
	 */
	@Test
	void concurrentMessages_ofSharedAndOfNewSubjects_eachStoredOnceInOneConversation_chainIntact() throws Exception {
		int threads = 6;
		int each = 8;
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			JsonNode first = parse(fixture.inbound(PHONE, "before", "c-first").body());
			String closed = first.get("conversationId").asString();
			assertThat(fixture.tombot.post("/api/v1/tenants/acme/conversations/" + closed + "/close", "", fixture.apiKey)
				.statusCode()).isEqualTo(204);
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
			java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
			try {
				List<java.util.concurrent.Future<List<Integer>>> sent = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					int thread = t;
					sent.add(pool.submit(() -> {
						List<Integer> statuses = new ArrayList<>();
						// a subject of its own first, so that each thread's connection is open when they start together
						statuses.add(fixture.inbound("+1 415 555 02" + (10 + thread), "hello", "w-" + thread).statusCode());
						start.await();
						for (int i = 0; i < each; i++) {
							String phone = i % 2 == 0 ? PHONE : "+1 415 555 01" + (40 + i);
							HttpResponse<String> answer = fixture.inbound(phone, "message " + thread + "/" + i,
									"c-" + thread + "-" + i);
							statuses.add(answer.statusCode());
						}
						return statuses;
					}));
				}
				for (var statuses : sent) {
					assertThat(statuses.get()).containsOnly(201);
				}
			}
			finally {
				pool.shutdownNow();
			}
			Stores stores = fixture.tombot.bean(Stores.class);
			Map<String, Integer> expected = new java.util.LinkedHashMap<>();
			expected.put("+14155550132", threads * each / 2);
			for (int i = 1; i < each; i += 2) {
				expected.put("+141555501" + (40 + i), threads);
			}
			expected.forEach((phone, messages) -> {
				JsonNode found = parse(fixture.tombot.get("/api/v1/tenants/acme/conversations?subject=phone:"
						+ java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8), fixture.agent).body());
				List<String> conversations = new ArrayList<>(found.get("conversations").findValuesAsString("id"));
				conversations.remove(closed);
				assertThat(conversations).as(phone).hasSize(1);
				assertThat(stores.region("eu").jdbc().sql("select count(*) from message where conversation_id = :id")
					.param("id", java.util.UUID.fromString(conversations.get(0)))
					.query(Long.class)
					.single()).as(phone).isEqualTo(messages.longValue());
			});
			HttpResponse<String> verified = fixture.tombot.post("/api/v1/audit/verify", "", fixture.operator);
			assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
			assertThat(parse(verified.body()).get("intact").asBoolean()).as(verified.body()).isTrue();
			assertThat(stores.region("eu").jdbc().sql("select count(*) from audit_entry where action = 'message.create'")
				.query(Long.class)
				.single()).isEqualTo((long) threads * each + threads + 1);
		}
	}

	@Test
	void badInput_isRefusedWithItsStatus_andStoresNothing() throws Exception {
		try (ConversationFixture fixture = new ConversationFixture(this.dataDir, storeProperties(), null)) {
			// channels are the tenant admins' (platform staff cannot open a way into a tenant's conversations)
			assertThat(fixture.tombot.post("/api/v1/tenants/acme/channels", "{\"name\":\"ops-line\",\"kind\":\"web\"}",
					fixture.operator).statusCode()).isEqualTo(403);
			String big = "x".repeat(64 * 1024 + 1);
			assertThat(fixture.inbound(PHONE, big, "big").statusCode()).isEqualTo(413);
			assertThat(fixture.inbound(PHONE, "ring \u0007 bell", "bell").statusCode()).isEqualTo(400);
			assertThat(fixture.inbound(PHONE, "carriage\r\nreturn", "cr").statusCode()).isEqualTo(400);
			assertThat(fixture.inbound(PHONE, "tab\tand\nnewline are fine", "ok").statusCode()).isEqualTo(201);
			HttpResponse<String> lone = fixture.tombot.post("/api/v1/tenants/acme/messages",
					"{\"channel\":\"web-chat\",\"subject\":{\"phone\":\"" + PHONE + "\"},\"direction\":\"inbound\","
							+ "\"author\":\"customer\",\"text\":\"half \\ud800 a pair\",\"clientMessageId\":\"lone\"}",
					fixture.apiKey);
			assertThat(lone.statusCode()).isEqualTo(400);
			java.io.ByteArrayOutputStream invalidUtf8 = new java.io.ByteArrayOutputStream();
			invalidUtf8.writeBytes(("{\"channel\":\"web-chat\",\"subject\":{\"phone\":\"" + PHONE + "\"},"
					+ "\"direction\":\"inbound\",\"author\":\"customer\",\"text\":\"bad ").getBytes(StandardCharsets.UTF_8));
			invalidUtf8.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28 }); // a lead byte without its continuation
			invalidUtf8.writeBytes("\",\"clientMessageId\":\"utf\"}".getBytes(StandardCharsets.UTF_8));
			HttpResponse<String> badBytes = fixture.tombot.send(java.net.http.HttpRequest
				.newBuilder(fixture.tombot.uri("/api/v1/tenants/acme/messages"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + fixture.apiKey)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(invalidUtf8.toByteArray())));
			assertThat(badBytes.statusCode()).as(badBytes.body()).isEqualTo(400);
			HttpResponse<String> noChannel = fixture.tombot.post("/api/v1/tenants/acme/messages", json(Map.of("channel",
					"no-such-channel", "subject", Map.of("phone", PHONE), "direction", "inbound", "author", "customer",
					"text", "hi", "clientMessageId", "nochan")), fixture.apiKey);
			assertThat(noChannel.statusCode()).isEqualTo(404);
			assertThat(noChannel.body()).doesNotContain("no-such-channel"); // problems repeat no value sent
			assertThat(fixture.tombot.post("/api/v1/tenants/acme/messages", json(Map.of("channel", "web-chat",
					"conversationId", java.util.UUID.randomUUID().toString(), "direction", "inbound", "author",
					"customer", "text", "hi", "clientMessageId", "noconv")), fixture.apiKey).statusCode()).isEqualTo(404);
			assertThat(fixture.tombot.get("/api/v1/tenants/acme/conversations/" + java.util.UUID.randomUUID()
					+ "/messages", fixture.agent).statusCode()).isEqualTo(404);

			// a batch: each item on its own; over 1,000 refused whole
			List<Map<String, Object>> items = new ArrayList<>();
			items.add(Map.of("channel", "web-chat", "subject", Map.of("email", "b@example.com"), "direction", "inbound",
					"author", "customer", "text", "batch one " + CARD, "clientMessageId", "b-1"));
			items.add(Map.of("channel", "web-chat", "subject", Map.of("email", "b@example.com"), "direction", "inbound",
					"author", "customer", "text", "bad \u0001", "clientMessageId", "b-2"));
			items.add(Map.of("channel", "nope", "subject", Map.of("email", "b@example.com"), "direction", "inbound",
					"author", "customer", "text", "x", "clientMessageId", "b-3"));
			HttpResponse<String> batch = fixture.tombot.post("/api/v1/tenants/acme/messages:batch",
					json(Map.of("messages", items)), fixture.apiKey);
			assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
			JsonNode results = parse(batch.body()).get("results");
			assertThat(java.util.stream.StreamSupport.stream(results.spliterator(), false)
				.map(result -> result.get("status").asInt())
				.toList()).containsExactly(201, 400, 404);
			assertThat(results.get(0).get("message").get("text").asString()).isEqualTo("batch one [CARD •••• 1111]");
			List<Map<String, Object>> tooMany = new ArrayList<>();
			for (int i = 0; i < 1001; i++) {
				tooMany.add(Map.of("text", "x"));
			}
			assertThat(fixture.tombot.post("/api/v1/tenants/acme/messages:batch", json(Map.of("messages", tooMany)),
					fixture.apiKey).statusCode()).isEqualTo(413);

			// only the two good messages were stored
			Stores stores = fixture.tombot.bean(Stores.class);
			assertThat(stores.region("eu").jdbc().sql("select count(*) from message").query(Long.class).single())
				.isEqualTo(2);
		}
	}

}
