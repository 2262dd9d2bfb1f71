package ai.tombot.keys.internal;

import java.security.GeneralSecurityException;

/**
 * A KMS call that failed: the KMS refused it (wrong key, no permission) or could not be
 * reached. Its message is the KMS client's, which names the operation and the service's error,
 * never data or key material.
 */
final class KmsFailure extends GeneralSecurityException {

	private static final long serialVersionUID = 1L;

	KmsFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
