package ai.tombot.platform.internal;

/** A setting that stops startup: unknown, incomplete, or pointing at something unusable. */
class SettingsException extends RuntimeException {

	SettingsException(String message, Throwable cause) {
		super(message, cause);
	}

}
