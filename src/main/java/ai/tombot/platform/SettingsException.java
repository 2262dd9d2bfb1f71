package ai.tombot.platform;

/**
 * A setting that stops startup: unknown, incomplete, or pointing at something unusable. The
 * message names the setting; startup ends with it as one line, without a stack trace.
 */
public class SettingsException extends RuntimeException {

	public SettingsException(String message, Throwable cause) {
		super(message, cause);
	}

}
