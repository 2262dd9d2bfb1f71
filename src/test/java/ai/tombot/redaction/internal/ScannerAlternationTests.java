package ai.tombot.redaction.internal;

import java.time.Duration;
import java.util.List;

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
	void inProcess_theMeasuredRoundsAreEven_soThatEachCorpusGoesFirstInHalfOfThem() {
		ScannerAlternation.Measured measured = ScannerAlternation.run(ScannerCorpus.Kind.SEPARATORS, Duration.ZERO,
				Duration.ofMillis(100));

		assertThat(measured.rounds()).isGreaterThanOrEqualTo(10).isEven();
		assertThat(measured.ratio()).isEqualTo(measured.chatMicros() / measured.adversarialMicros());
	}

	@Test
	void theMedian_isTheMiddleRound_orTheMeanOfTheTwoMiddleOnes() {
		List<long[]> odd = List.of(new long[] { 5, 50 }, new long[] { 1, 90 }, new long[] { 3, 10 });
		List<long[]> even = List.of(new long[] { 5, 50 }, new long[] { 1, 90 }, new long[] { 3, 10 },
				new long[] { 8, 20 });

		assertThat(ScannerAlternation.median(odd, 0)).isEqualTo(3);
		assertThat(ScannerAlternation.median(odd, 1)).isEqualTo(50);
		assertThat(ScannerAlternation.median(even, 0)).isEqualTo(4);
		assertThat(ScannerAlternation.median(even, 1)).isEqualTo(35);
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
