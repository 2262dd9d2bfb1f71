package ai.tombot.platform;

import java.net.URI;

/**
 * The stable {@code type} identifiers of Tombot's problem+json answers. Clients switch on
 * these; they never change meaning once released.
 */
public final class ProblemTypes {

	private static final String PREFIX = "urn:tombot:problem:";

	public static final String BAD_REQUEST = PREFIX + "bad-request";

	public static final String VALIDATION = PREFIX + "validation";

	public static final String MALFORMED_BODY = PREFIX + "malformed-body";

	public static final String PAYLOAD_TOO_LARGE = PREFIX + "payload-too-large";

	public static final String UNSUPPORTED_MEDIA_TYPE = PREFIX + "unsupported-media-type";

	public static final String NOT_ACCEPTABLE = PREFIX + "not-acceptable";

	public static final String NOT_FOUND = PREFIX + "not-found";

	public static final String METHOD_NOT_ALLOWED = PREFIX + "method-not-allowed";

	public static final String UNAUTHENTICATED = PREFIX + "unauthenticated";

	public static final String FORBIDDEN = PREFIX + "forbidden";

	public static final String CONFLICT = PREFIX + "conflict";

	public static final String INTERNAL = PREFIX + "internal";

	public static final String UNAVAILABLE = PREFIX + "unavailable";

	private ProblemTypes() {
	}

	/** The generic type for a status that no more specific type describes. */
	public static String forStatus(int status) {
		return switch (status) {
			case 400 -> BAD_REQUEST;
			case 401 -> UNAUTHENTICATED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> CONFLICT;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 503 -> UNAVAILABLE;
			default -> status >= 500 ? INTERNAL : PREFIX + "http-" + status;
		};
	}

	public static URI uri(String type) {
		return URI.create(type);
	}

}
