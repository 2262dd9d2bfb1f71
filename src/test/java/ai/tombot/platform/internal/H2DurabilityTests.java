package ai.tombot.platform.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** An acknowledged write to an embedded store survives {@code kill -9} of the JVM. */
class H2DurabilityTests {

	@Test
	void embeddedStore_jvmKilledWhileCommitting_losesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
		H2DurabilityHarness.Result result = H2DurabilityHarness.run(H2DurabilityHarness.tombotUrl(dir), 3);
		assertThat(result.acknowledged()).as("the writer must have committed something").isGreaterThan(100);
		assertThat(result.lost()).as("acknowledged commits missing after kill -9").isZero();
	}

	/** Shows the harness can see a loss: H2's default delays writes by up to 500 ms. */
	@Test
	void h2Defaults_jvmKilledWhileCommitting_loseAcknowledgedWrites(@TempDir Path dir) throws Exception {
		H2DurabilityHarness.Result result = H2DurabilityHarness.run("jdbc:h2:file:" + dir.resolve("db"), 3);
		assertThat(result.lost()).isPositive();
	}

}
