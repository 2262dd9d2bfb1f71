package ai.tombot.redaction.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScannerAlternationTests {

	@Test
	void aMeasurementInItsOwnJvm_givesBothMediansAndTheirRatio() throws Exception {
		ScannerAlternation.Measured measured = ScannerAlternation.measure(ScannerCorpus.Kind.SEPARATORS,
				Duration.ZERO, Duration.ZERO);

		assertThat(measured.kind()).isEqualTo(ScannerCorpus.Kind.SEPARATORS);
		assertThat(measured.rounds()).isGreaterThanOrEqualTo(10);
		assertThat(measured.chatMicros()).isPositive();
		assertThat(measured.adversarialMicros()).isPositive();
		assertThat(measured.ratio()).isEqualTo(measured.chatMicros() / measured.adversarialMicros());
	}

	@Test
	void theResultLine_isReadBack() {
		ScannerAlternation.Measured measured = ScannerAlternation.parse(ScannerCorpus.Kind.DIGITS, "6000.500 12001.000 431");

		assertThat(measured.chatMicros()).isEqualTo(6000.5);
		assertThat(measured.adversarialMicros()).isEqualTo(12001.0);
		assertThat(measured.ratio()).isEqualTo(6000.5 / 12001.0);
		assertThat(measured.rounds()).isEqualTo(431);
	}

}
