package ai.tombot.platform.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a store that failed to open as one clear line instead of a bean-creation trace. */
class StoreStartupFailureAnalyzer extends AbstractFailureAnalyzer<StoreStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StoreStartupException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Check the store settings (tombot.control.store.* and tombot.regions.<region>.store.*), "
						+ "that the database is running and reachable, and that the user may create tables.",
				cause);
	}

}
