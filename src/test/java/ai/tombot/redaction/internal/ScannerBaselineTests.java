package ai.tombot.redaction.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.tombot.redaction.Detectors;
import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner's benchmark baseline, {@link RegexScanner}, finds exactly what the scanner
 * finds: on every message of the benchmark's chat corpus, on the start of each adversarial
 * corpus, and on texts from the detectors' own tests. Only then does comparing their speed
 * say anything.
 */
class ScannerBaselineTests {

	@Test
	void onTheChatCorpus_theBaselineFindsWhatTheScannerFinds_andThereIsSomethingOfEveryTypeToFind() {
		Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
		for (String message : ScannerCorpus.chat()) {
			List<Finding> found = Detectors.scan(message, "US");
			assertThat(RegexScanner.scan(message, "US")).as(message).isEqualTo(found);
			found.forEach(finding -> counts.merge(finding.type(), 1, Integer::sum));
		}
		assertThat(counts.keySet()).containsExactlyInAnyOrder(FindingType.values());
		assertThat(ScannerCorpus.bytes(ScannerCorpus.chat())).isBetween((long) ScannerCorpus.TARGET_BYTES,
				ScannerCorpus.TARGET_BYTES + 1000L);
	}

	@Test
	void onTheStartOfEachAdversarialCorpus_theBaselineFindsWhatTheScannerFinds() {
		for (ScannerCorpus.Kind kind : ScannerCorpus.Kind.values()) {
			List<String> corpus = ScannerCorpus.adversarial(kind);
			assertThat(ScannerCorpus.bytes(corpus)).isEqualTo(ScannerCorpus.bytes(ScannerCorpus.chat()));
			String start = corpus.get(0).substring(0, 4096);
			assertThat(onBigStack(() -> RegexScanner.scan(start, "US"))).as(kind.name())
				.isEqualTo(Detectors.scan(start, "US"));
		}
	}

	@Test
	void onTheDetectorsTestTexts_theBaselineFindsWhatTheScannerFinds() {
		List<String> texts = List.of("ssn 123-45-6789, card 4111 1111 1111 1111", "ssn? no: 4111 111111111 1111",
				"Employee 1043 123-45-6789", "1043 123 45 6789", "antisocial 123456789", "SS# 123456789",
				"my Social Security number is 123456789", "call 555 4111 1111 1111 1111 then 12345",
				"3056 930902 5904 4242 4242 4242 4242", "4111\u00A01111\u00A01111\u00A01111",
				"\uFF14\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11",
				"mail ana@example.com from 10.0.0.1, IBAN DE89 3704 0044 0532 0130 00, card 4111111111111111",
				"a@b.io,c@d.io", "a@b@example.com", "Hello...john@example.com", "john@example.com.2024",
				"ivan@example.xn--p1ai", "x@foo.bar@example.com", "user@example.com-",
				"https://app.example.com/a?redirect=%2Fhome&email=john.doe@example.com",
				"IBAN DE89-3704-0044-0532-0130-00", "DE893704004405320130000", "host:10.0.0.1",
				"SRC:10.1.2.3 DST:10.4.5.6", "IPv6:2001:db8::1", "see 10.0.0.1.nip.io", "v1.2.3.4", "服务器10.0.0.1宕机",
				"::ffff:192.0.2.128 and 1::2::3 and 2001:db8:0:0:0:0:2:1", "host 10.1.2.3:8080",
				"Tab 2460 215 3 22 6 5 665 315 +49 (0) 30 1234 5678 end", "+44 20\u22127946\u22120958",
				"- - - - - - - - - - - - - - - - - - - - - - - - - +1 201-555-0123",
				"jane.smith.2125551234@gmail.com", "pay to CH5017168877179404072 today");
		for (String text : texts) {
			assertThat(RegexScanner.scan(text, "US")).as(text).isEqualTo(Detectors.scan(text, "US"));
		}
	}

	/**
	 * java.util.regex recurses once per repetition of a group, so the baseline's patterns can
	 * overflow a test thread's default stack on 4,096 characters of adversarial text (seen
	 * in CI, depending on how much of it the JIT had compiled); the scanner itself does not
	 * recurse.
	 */
	private static <T> T onBigStack(java.util.function.Supplier<T> work) {
		java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
		Thread thread = new Thread(null, () -> {
			try {
				result.set(work.get());
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, "regex-baseline", 512L * 1024 * 1024);
		thread.start();
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (failure.get() != null) {
			throw new AssertionError("the regex baseline failed", failure.get());
		}
		return result.get();
	}

}
