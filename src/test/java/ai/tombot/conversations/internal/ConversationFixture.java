package ai.tombot.conversations.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running server with one tenant ({@code acme}, region eu), its admin, agent and read-only
 * user, an API key with both message scopes, and a channel {@code web-chat}.
 */
final class ConversationFixture implements AutoCloseable {

	static final String PASSWORD = "Conversation-pass-1";

	final RunningTombot tombot;

	final String operator;

	final String admin;

	final String agent;

	final String readOnly;

	final String apiKey;

	final String channelId;

	ConversationFixture(Path dataDir, Map<String, String> properties, java.time.Clock clock) throws IOException {
		this.tombot = RunningTombot.start(dataDir, properties, clock);
		this.operator = this.tombot.setUpAndLogIn("ops", "Operator-pass-1234");
		created(this.tombot.post("/api/v1/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"region\":\"eu\"}",
				this.operator));
		this.admin = user("alma", "ADMIN");
		this.agent = user("arne", "AGENT");
		this.readOnly = user("rita", "READ_ONLY");
		this.apiKey = parse(created(this.tombot.post("/api/v1/tenants/acme/api-keys",
				"{\"name\":\"bot\",\"scopes\":[\"messages:read\",\"messages:write\"]}", this.admin)).body())
			.get("key")
			.asString();
		this.channelId = parse(created(this.tombot.post("/api/v1/tenants/acme/channels",
				"{\"name\":\"web-chat\",\"kind\":\"web\"}", this.admin)).body())
			.get("id")
			.asString();
	}

	private String user(String username, String role) {
		created(this.tombot.post("/api/v1/tenants/acme/users",
				json(Map.of("username", username, "password", PASSWORD, "roles", List.of(role))), this.operator));
		return this.tombot.logIn("acme", username, PASSWORD);
	}

	static HttpResponse<String> created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return response;
	}

	/** Posts an inbound customer message of the subject with this phone number on web-chat. */
	HttpResponse<String> inbound(String phone, String text, String clientMessageId) {
		return this.tombot.post("/api/v1/tenants/acme/messages", json(Map.of("channel", "web-chat", "subject",
				Map.of("phone", phone), "direction", "inbound", "author", "customer", "text", text, "clientMessageId",
				clientMessageId)), this.apiKey);
	}

	JsonNode messages(String conversationId, String token) {
		HttpResponse<String> page = this.tombot.get("/api/v1/tenants/acme/conversations/" + conversationId + "/messages",
				token);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return parse(page.body()).get("messages");
	}

	@Override
	public void close() {
		this.tombot.close();
	}

}
