package ai.tombot.conversations.internal;

import java.lang.reflect.Method;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.twilio.security.RequestValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;
import ai.tombot.platform.Stores;

import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's inbound-message webhook, with signatures made by Twilio's own Java SDK: a signed
 * call is taken in (redacted, like any message) and answered with empty TwiML; a call signed
 * with another token, or changed after signing, or for an unknown channel, is refused with 403,
 * stores nothing and leaves a failure in the tenant's audit trail.
 */
class TwilioWebhookTests {

	static final String AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";

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
		ConversationFixture.created(this.fixture.tombot.post("/api/v1/tenants/acme/channels",
				"{\"name\":\"sms-line\",\"kind\":\"sms\",\"twilioAuthToken\":\"" + AUTH_TOKEN + "\"}", this.fixture.admin));
	}

	@AfterEach
	void stop() {
		if (this.fixture != null) { // null when the PostgreSQL variant was skipped before it was made
			this.fixture.close();
		}
	}

	static Map<String, String> inbound(String sid, String body) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("MessageSid", sid);
		form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
		form.put("From", "+14155550100");
		form.put("To", "+14155550199");
		form.put("Body", body);
		form.put("NumMedia", "0");
		return form;
	}

	/** The signature as Twilio's SDK computes it (its own method, not a copy of it). */
	static String twilioSignature(String token, String url, Map<String, String> form) throws Exception {
		Method sign = RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
		sign.setAccessible(true);
		return (String) sign.invoke(new RequestValidator(token), url, form);
	}

	HttpResponse<String> post(String path, Map<String, String> form, String signature) {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(this.fixture.tombot.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("X-Twilio-Signature", signature);
		}
		return this.fixture.tombot.send(request);
	}

	long storedMessages() {
		return this.fixture.tombot.bean(Stores.class).region("eu").jdbc().sql("select count(*) from message")
			.query(Long.class).single();
	}

	@Test
	void signedByTwilioSdk_isTakenIn_redacted_answeredWithEmptyTwiml_andOnceOnly() throws Exception {
		String path = "/webhooks/twilio/acme/sms-line";
		String url = this.fixture.tombot.uri(path).toString();
		Map<String, String> form = inbound("SM00000000000000000000000000000001", "my card 4111 1111 1111 1111 thx");
		String signature = twilioSignature(AUTH_TOKEN, url, form);
		assertThat(new RequestValidator(AUTH_TOKEN).validate(url, form, signature)).isTrue();

		HttpResponse<String> answer = post(path, form, signature);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
		assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");

		// Twilio retries a call it saw fail: the same MessageSid stores nothing more
		assertThat(post(path, form, signature).statusCode()).isEqualTo(200);
		assertThat(storedMessages()).isEqualTo(1);

		JsonNode conversations = parse(this.fixture.tombot
			.get("/api/v1/tenants/acme/conversations?subject=phone:%2B14155550100", this.fixture.agent).body())
			.get("conversations");
		assertThat(conversations.size()).isEqualTo(1);
		JsonNode messages = this.fixture.messages(conversations.get(0).get("id").asString(), this.fixture.agent);
		assertThat(messages.get(0).get("text").asString()).isEqualTo("my card [CARD •••• 1111] thx");
		assertThat(messages.get(0).get("clientMessageId").asString()).isEqualTo("twilio:SM00000000000000000000000000000001");

		// the channel by id works as well as by name
		String byId = "/webhooks/twilio/acme/" + this.fixture.tombot.get("/api/v1/tenants/acme/channels", this.fixture.admin)
			.body()
			.replaceAll("(?s).*\"id\":\"([^\"]+)\",\"name\":\"sms-line\".*", "$1");
		Map<String, String> second = inbound("SM00000000000000000000000000000002", "hello");
		assertThat(post(byId, second, twilioSignature(AUTH_TOKEN, this.fixture.tombot.uri(byId).toString(), second))
			.statusCode()).isEqualTo(200);
		assertThat(storedMessages()).isEqualTo(2);

		// a handset's CRLF line breaks are stored as LF; a call without a MessageSid is refused
		Map<String, String> lines = inbound("SM00000000000000000000000000000003", "line one\r\nline two\rthree");
		assertThat(post(path, lines, twilioSignature(AUTH_TOKEN, url, lines)).statusCode()).isEqualTo(200);
		assertThat(this.fixture.messages(conversations.get(0).get("id").asString(), this.fixture.agent)
			.findValuesAsString("text")).contains("line one\nline two\nthree");
		Map<String, String> noSid = inbound("", "no id");
		assertThat(post(path, noSid, twilioSignature(AUTH_TOKEN, url, noSid)).statusCode()).isEqualTo(400);
		assertThat(storedMessages()).isEqualTo(3);
	}

	@Test
	void aSignedCallWithItsFieldsShifted_orAMalformedQuery_storesNothingMore() throws Exception {
		String path = "/webhooks/twilio/acme/sms-line";
		String url = this.fixture.tombot.uri(path).toString();
		Map<String, String> form = inbound("SM00000000000000000000000000000004", "once");
		String signature = twilioSignature(AUTH_TOKEN, url, form);
		assertThat(post(path, form, signature).statusCode()).isEqualTo(200);

		// the signed string concatenates names and values: a MessageSid that takes in the next
		// field (NumMedia=0) signs the same, and must not store the message again under a new id
		Map<String, String> shifted = new LinkedHashMap<>(form);
		shifted.put("MessageSid", form.get("MessageSid") + "NumMedia0");
		shifted.remove("NumMedia");
		assertThat(new RequestValidator(AUTH_TOKEN).validate(url, shifted, signature)).isTrue();
		assertThat(post(path, shifted, signature).statusCode()).isEqualTo(400);
		Map<String, String> olderName = new LinkedHashMap<>(form);
		olderName.put("MessageSid", "SM00000000000000000000000000000005");
		olderName.put("SmsMessageSid", "SM00000000000000000000000000000006");
		assertThat(post(path, olderName, twilioSignature(AUTH_TOKEN, url, olderName)).statusCode()).isEqualTo(400);

		// a query that does not decode: refused as unsigned, not a server error (sent by hand:
		// Java's HTTP client takes no malformed URI)
		assertThat(rawStatusLine("POST " + path + "?%zz=1 HTTP/1.1", "", "AccountSid=AC1&Body=x"))
			.startsWith("HTTP/1.1 403");
		assertThat(storedMessages()).isEqualTo(1);
		// elsewhere such a query is the client's error: 400, not 500
		assertThat(rawStatusLine("GET /api/v1/tenants/acme/conversations?%zz=1 HTTP/1.1",
				"Authorization: Bearer " + this.fixture.agent + "\r\n", "")).startsWith("HTTP/1.1 400");
	}

	/** The status line of a request written as it is over TLS (the test's own server, on loopback). */
	String rawStatusLine(String requestLine, String headers, String body) throws Exception {
		javax.net.ssl.SSLContext tls = RunningTombot.trusting(this.fixture.tombot.dataDir().resolve("tls/server.crt"));
		try (java.net.Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", this.fixture.tombot.port())) {
			socket.setSoTimeout(10_000);
			byte[] content = body.getBytes(StandardCharsets.UTF_8);
			socket.getOutputStream()
				.write((requestLine + "\r\nHost: localhost\r\n" + headers
						+ "Content-Type: application/x-www-form-urlencoded\r\n"
						+ "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(content);
			socket.getOutputStream().flush();
			return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
					StandardCharsets.US_ASCII)).readLine();
		}
	}

	@Test
	void wrongSignature_isRefused403_storesNothing_andIsAudited() throws Exception {
		String path = "/webhooks/twilio/acme/sms-line";
		String url = this.fixture.tombot.uri(path).toString();
		Map<String, String> form = inbound("SM00000000000000000000000000000003", "forged");

		String otherToken = twilioSignature("another-token-0123456789abcdef", url, form);
		assertThat(post(path, form, otherToken).statusCode()).isEqualTo(403);

		Map<String, String> changed = new LinkedHashMap<>(form);
		String signed = twilioSignature(AUTH_TOKEN, url, form);
		changed.put("Body", "changed after signing");
		assertThat(new RequestValidator(AUTH_TOKEN).validate(url, changed, signed)).isFalse();
		assertThat(post(path, changed, signed).statusCode()).isEqualTo(403);

		String otherUrl = twilioSignature(AUTH_TOKEN, url.replace("sms-line", "other-line"), form);
		assertThat(post(path, form, otherUrl).statusCode()).isEqualTo(403);
		assertThat(post(path, form, null).statusCode()).isEqualTo(403);
		HttpResponse<String> unknown = post("/webhooks/twilio/acme/no-such-line", form,
				twilioSignature(AUTH_TOKEN, this.fixture.tombot.uri("/webhooks/twilio/acme/no-such-line").toString(), form));
		assertThat(unknown.statusCode()).isEqualTo(403);
		// a web channel has no token: no signature can be right
		assertThat(post("/webhooks/twilio/acme/web-chat", form, signed).statusCode()).isEqualTo(403);

		assertThat(storedMessages()).isZero();
		JsonNode audit = parse(this.fixture.tombot.get("/api/v1/tenants/acme/audit?action=webhook.twilio",
				this.fixture.admin).body());
		assertThat(audit.get("entries").findValuesAsString("reason")).hasSize(6).containsOnly("bad-signature");
		assertThat(audit.get("entries").findValuesAsString("outcome")).containsOnly("failure");

		// a flood from one address: every call refused, only the first ten a minute audited
		for (int i = 0; i < 10; i++) {
			assertThat(post(path, form, otherToken).statusCode()).isEqualTo(403);
		}
		JsonNode after = parse(this.fixture.tombot.get("/api/v1/tenants/acme/audit?action=webhook.twilio",
				this.fixture.admin).body());
		assertThat(after.get("entries").size()).isEqualTo(TwilioWebhookController.AUDITED_REFUSALS_PER_MINUTE);
	}

}
