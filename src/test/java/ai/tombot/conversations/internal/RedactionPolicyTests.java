package ai.tombot.conversations.internal;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's redaction policy over the API: the defaults, each action taking effect on the next
 * message, cards and SSNs that cannot be anything but redacted, the phone region, and who may
 * change it.
 */
class RedactionPolicyTests {

	@TempDir
	Path dataDir;

	ConversationFixture fixture;

	/** The store settings; none for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	@BeforeEach
	void start() throws Exception {
		this.fixture = new ConversationFixture(this.dataDir, storeProperties(), null);
	}

	@AfterEach
	void stop() {
		if (this.fixture != null) { // null when the PostgreSQL variant was skipped before it was made
			this.fixture.close();
		}
	}

	int put(String json, String token) {
		return this.fixture.tombot.put("/api/v1/tenants/acme/redaction-policy", json, token).statusCode();
	}

	String ingest(String text, String id) {
		return parse(this.fixture.inbound("+1 415 555 0150", text, id).body()).get("text").asString();
	}

	@Test
	void defaults_thenEachActionAppliesToTheNextMessage() {
		JsonNode policy = parse(this.fixture.tombot.get("/api/v1/tenants/acme/redaction-policy", this.fixture.admin).body());
		assertThat(policy.get("actions").toString()).isEqualTo("{\"CARD_NUMBER\":\"REDACT\",\"US_SSN\":\"REDACT\","
				+ "\"EMAIL\":\"TOKENIZE\",\"PHONE\":\"TOKENIZE\",\"IBAN\":\"TOKENIZE\",\"IP_ADDRESS\":\"KEEP\"}");
		assertThat(policy.get("phoneRegion").asString()).isEqualTo("US");
		String text = "mail a@example.com, call 415-555-0199, IBAN DE89 3704 0044 0532 0130 00, ip 10.0.0.1";
		assertThat(ingest(text, "m-1")).matches("mail \\[EMAIL:tk_[A-Za-z0-9_-]{22}], call \\[PHONE:tk_[A-Za-z0-9_-]{22}], "
				+ "IBAN \\[IBAN:tk_[A-Za-z0-9_-]{22}], ip 10.0.0.1");
		// the same value, the same token
		String again = ingest("again A@Example.com", "m-2");
		assertThat(again.substring(6)).isEqualTo(ingest(text, "m-1").substring(5, 5 + again.length() - 6));

		assertThat(put("{\"actions\":{\"EMAIL\":\"KEEP\",\"PHONE\":\"REDACT\",\"IBAN\":\"REDACT\",\"IP_ADDRESS\":\"REDACT\"}}",
				this.fixture.admin)).isEqualTo(200);
		assertThat(ingest(text, "m-3")).isEqualTo("mail a@example.com, call [PHONE], IBAN [IBAN], ip [IP_ADDRESS]");
	}

	@Test
	void cardsAndSsns_canOnlyBeRedacted_andBadValuesAreRefused() {
		assertThat(put("{\"actions\":{\"CARD_NUMBER\":\"KEEP\"}}", this.fixture.admin)).isEqualTo(400);
		assertThat(put("{\"actions\":{\"US_SSN\":\"TOKENIZE\"}}", this.fixture.admin)).isEqualTo(400);
		assertThat(put("{\"actions\":{\"EMAIL\":\"SHRED\"}}", this.fixture.admin)).isEqualTo(400);
		assertThat(put("{\"actions\":{\"NAME\":\"KEEP\"}}", this.fixture.admin)).isEqualTo(400);
		assertThat(put("{\"phoneRegion\":\"XX\"}", this.fixture.admin)).isEqualTo(400);
		assertThat(put("{\"actions\":{\"EMAIL\":\"KEEP\"}}", this.fixture.agent)).isEqualTo(403);
		assertThat(ingest("card 4111 1111 1111 1111, ssn 123-45-6789", "c-1"))
			.isEqualTo("card [CARD •••• 1111], ssn [SSN]");
	}

	@Test
	void phoneRegion_decidesNationalNumbers() {
		assertThat(put("{\"actions\":{\"PHONE\":\"REDACT\"},\"phoneRegion\":\"de\"}", this.fixture.admin)).isEqualTo(200);
		assertThat(ingest("ruf an: 030 12345678", "d-1")).isEqualTo("ruf an: [PHONE]");
	}

}
