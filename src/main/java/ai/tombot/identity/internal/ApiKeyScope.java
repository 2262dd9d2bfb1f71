package ai.tombot.identity.internal;

import java.util.Arrays;
import java.util.Optional;

import ai.tombot.identity.Permission;

/** What an API key may be used for, and the one permission each scope grants. */
enum ApiKeyScope {

	MESSAGES_WRITE("messages:write", Permission.CONVERSATIONS_WRITE),

	MESSAGES_READ("messages:read", Permission.CONVERSATIONS_READ);

	private final String value;

	private final Permission permission;

	ApiKeyScope(String value, Permission permission) {
		this.value = value;
		this.permission = permission;
	}

	String value() {
		return this.value;
	}

	Permission permission() {
		return this.permission;
	}

	static Optional<ApiKeyScope> of(String value) {
		return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
	}

}
