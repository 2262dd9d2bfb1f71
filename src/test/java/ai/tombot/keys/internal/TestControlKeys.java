package ai.tombot.keys.internal;

import ai.tombot.keys.ControlKeys;

/** Control keys from a given server secret, for tests of other modules that need no store. */
public final class TestControlKeys {

	private TestControlKeys() {
	}

	public static ControlKeys of(byte[] secret) {
		return new ServerSecret(secret);
	}

}
