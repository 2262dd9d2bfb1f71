package ai.tombot.platform.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import ai.tombot.platform.SettingsException;

/** Prints a bad setting as one clear line instead of a stack trace. */
class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<SettingsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SettingsException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct the setting (command-line option, application.properties or TOMBOT_* environment variable); "
						+ "README.md lists every setting.",
				cause);
	}

}
