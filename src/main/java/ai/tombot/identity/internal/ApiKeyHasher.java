package ai.tombot.identity.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import ai.tombot.keys.ControlKeys;

/**
 * The stored form of an API key: HMAC-SHA-256 under a server-side pepper. A key has 256
 * random bits, so a slow hash would add nothing but cost on the hot path; the pepper means a
 * stolen copy of the table cannot even be used to test guesses.
 */
final class ApiKeyHasher {

	static final String PURPOSE = "api-key-pepper";

	private final ControlKeys keys;

	ApiKeyHasher(ControlKeys keys) {
		this.keys = keys;
	}

	/** Lower-case hex, 64 characters. */
	String hash(String key) {
		return HexFormat.of().formatHex(this.keys.mac(PURPOSE, key.getBytes(StandardCharsets.US_ASCII)));
	}

}
