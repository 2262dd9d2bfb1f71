package ai.tombot.audit;

import java.util.UUID;

/**
 * Who did it: a user or an API key (by id), the system itself, or an unauthenticated caller.
 * Never a username or an e-mail address.
 */
public record AuditActor(Type type, String id) {

	public enum Type {

		USER, API_KEY, SYSTEM, ANONYMOUS;

		/** As stored: {@code user}, {@code api-key}, {@code system}, {@code anonymous}. */
		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

		public static Type of(String code) {
			return valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		}

	}

	public AuditActor {
		if (type == null || (type == Type.USER || type == Type.API_KEY) != (id != null)) {
			throw new IllegalArgumentException("a user or API key actor has an id, and only they do");
		}
	}

	public static AuditActor user(UUID id) {
		return new AuditActor(Type.USER, id.toString());
	}

	public static AuditActor apiKey(UUID id) {
		return new AuditActor(Type.API_KEY, id.toString());
	}

	public static AuditActor system() {
		return new AuditActor(Type.SYSTEM, null);
	}

	public static AuditActor anonymous() {
		return new AuditActor(Type.ANONYMOUS, null);
	}

}
