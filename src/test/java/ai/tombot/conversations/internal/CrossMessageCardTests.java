package ai.tombot.conversations.internal;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.TestClock;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card number typed across consecutive inbound messages: the latest part is redacted before
 * it is stored, the earlier parts are re-written redacted with a RetroactiveRedaction audit
 * entry each; parts too far apart in time or count, or in other conversations, are left alone.
 */
class CrossMessageCardTests {

	static final String PHONE = "+1 415 555 0177";

	@TempDir
	Path dataDir;

	final TestClock clock = new TestClock(Instant.now());

	ConversationFixture fixture;

	/** The store settings; none for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	@BeforeEach
	void start() throws Exception {
		this.fixture = new ConversationFixture(this.dataDir, storeProperties(), this.clock);
	}

	@AfterEach
	void stop() {
		if (this.fixture != null) { // null when the PostgreSQL variant was skipped before it was made
			this.fixture.close();
		}
	}

	JsonNode post(String phone, String text, String id) {
		HttpResponse<String> answer = this.fixture.inbound(phone, text, id);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return parse(answer.body());
	}

	@Test
	void cardAcrossTwoMessages_bothRedacted_earlierOneRewrittenAndAudited() {
		JsonNode first = post(PHONE, "my card is 4111 1111", "c-1");
		assertThat(first.get("text").asString()).isEqualTo("my card is 4111 1111"); // alone, not a card
		this.clock.advance(Duration.ofSeconds(30));
		// a bot's answer between does not break the customer's typing
		assertThat(this.fixture.tombot.post("/api/v1/tenants/acme/messages", json(Map.of("channel", "web-chat",
				"conversationId", first.get("conversationId").asString(), "direction", "outbound", "author", "bot",
				"text", "go on", "clientMessageId", "bot-1")), this.fixture.apiKey).statusCode()).isEqualTo(201);
		JsonNode second = post(PHONE, "1111 1111 and expiry 12/29", "c-2");
		assertThat(second.get("text").asString()).isEqualTo("[CARD] and expiry 12/29");
		assertThat(second.get("redactions").get("CARD_NUMBER").asInt()).isEqualTo(1);

		JsonNode messages = this.fixture.messages(first.get("conversationId").asString(), this.fixture.agent);
		assertThat(messages.findValuesAsString("text")).containsExactly("my card is [CARD]", "go on",
				"[CARD] and expiry 12/29");
		assertThat(messages.get(0).get("redactions").get("CARD_NUMBER").asInt()).isEqualTo(1);

		JsonNode audit = parse(this.fixture.tombot
			.get("/api/v1/tenants/acme/audit?action=RetroactiveRedaction&to=" + this.clock.instant().plusSeconds(60),
					this.fixture.admin)
			.body()); // the test clock stands still: an entry written now is not before now
		assertThat(audit.get("entries").size()).as(audit.toString()).isEqualTo(1);
		assertThat(audit.get("entries").get(0).get("resource").get("id").asString()).isEqualTo(first.get("id").asString());
		assertThat(audit.get("entries").findValuesAsString("subject")).containsExactly(first.get("subject").asString());
	}

	@Test
	void cardAcrossFourMessages_allPartsRedacted() {
		String[] parts = { "card 4111", "1111", "1111" };
		String conversation = null;
		for (int i = 0; i < parts.length; i++) {
			conversation = post(PHONE, parts[i], "p-" + i).get("conversationId").asString();
		}
		assertThat(post(PHONE, "1111 ok?", "p-3").get("text").asString()).isEqualTo("[CARD] ok?");
		assertThat(this.fixture.messages(conversation, this.fixture.agent).findValuesAsString("text"))
			.containsExactly("card [CARD]", "[CARD]", "[CARD]", "[CARD] ok?");
	}

	@Test
	void aPartTheTenantsPolicyTokenizedAsAPhoneNumber_isStillFound_andItsTokenValueDeleted() {
		// in Denmark "4111 1111" is a valid phone number: tokenized as one, its digits hide in the token
		assertThat(this.fixture.tombot.put("/api/v1/tenants/acme/redaction-policy", "{\"phoneRegion\":\"DK\"}",
				this.fixture.admin).statusCode()).isEqualTo(200);
		JsonNode first = post(PHONE, "kort 4111 1111", "dk-1");
		assertThat(first.get("text").asString()).startsWith("kort [PHONE:tk_");
		JsonNode second = post(PHONE, "1111 1111", "dk-2");
		assertThat(second.get("text").asString()).isEqualTo("[CARD]");
		String conversation = first.get("conversationId").asString();
		assertThat(this.fixture.messages(conversation, this.fixture.agent).findValuesAsString("text"))
			.containsExactly("kort [CARD]", "[CARD]");
		// nothing of the card is left to reveal, nor in the token store
		assertThat(this.fixture.tombot
			.get("/api/v1/tenants/acme/conversations/" + conversation + "/messages?reveal=true", this.fixture.admin)
			.body()).doesNotContain("4111", "1111");
		assertThat(this.fixture.tombot.bean(ai.tombot.platform.Stores.class).region("eu").jdbc()
			.sql("select count(*) from pii_token").query(Long.class).single()).isZero();
	}

	@Test
	void closedConversation_takesNoMore_andTheSubjectsNextMessageOpensANewOne() {
		JsonNode first = post(PHONE, "4111 1111", "z-1");
		String conversation = first.get("conversationId").asString();
		assertThat(this.fixture.tombot.post("/api/v1/tenants/acme/conversations/" + conversation + "/close", "",
				this.fixture.readOnly).statusCode()).isEqualTo(403);
		assertThat(this.fixture.tombot.post("/api/v1/tenants/acme/conversations/" + conversation + "/close", "",
				this.fixture.apiKey).statusCode()).isEqualTo(204);
		assertThat(this.fixture.tombot.post("/api/v1/tenants/acme/messages", json(Map.of("channel", "web-chat",
				"conversationId", conversation, "direction", "outbound", "author", "bot", "text", "late",
				"clientMessageId", "z-late")), this.fixture.apiKey).statusCode()).isEqualTo(409);
		JsonNode next = post(PHONE, "1111 1111", "z-2");
		assertThat(next.get("conversationId").asString()).isNotEqualTo(conversation);
		assertThat(next.get("text").asString()).isEqualTo("1111 1111"); // parts in another conversation
		assertThat(parse(this.fixture.tombot.get("/api/v1/tenants/acme/conversations", this.fixture.agent).body())
			.get("conversations").findValuesAsString("closedAt")).hasSize(2);
	}

	@Test
	void partsTooFarApart_orInAnotherConversation_areLeftAlone() {
		post(PHONE, "4111 1111", "t-1");
		this.clock.advance(Duration.ofMinutes(11)); // past the 10-minute window
		assertThat(post(PHONE, "1111 1111", "t-2").get("text").asString()).isEqualTo("1111 1111");

		post("+1 415 555 0178", "4111 1111", "o-1"); // another subject: another conversation
		assertThat(post(PHONE, "1111 1111", "o-2").get("text").asString()).isEqualTo("1111 1111");
	}

}
