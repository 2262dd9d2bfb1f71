package ai.tombot.platform.internal;

/** A store could not be opened; the message names the store and what went wrong. */
class StoreStartupException extends RuntimeException {

	StoreStartupException(String message, Throwable cause) {
		super(message, cause);
	}

	StoreStartupException(String message) {
		super(message);
	}

}
