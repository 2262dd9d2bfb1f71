package ai.tombot.redaction.internal;

import java.util.List;
import java.util.function.Consumer;

import ai.tombot.redaction.Detectors;

/**
 * A rough per-detector timing loop (benchmark helper, not a test): each detector alone over the
 * chat corpus and the adversarial corpora, best of several passes, in ms. For finding where
 * {@code Detectors.scan}'s time goes; {@code ScannerBenchmark} has the figures that count.
 */
public final class DetectorTimings {

	private DetectorTimings() {
	}

	public static void main(String[] args) {
		int passes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
		String only = args.length > 1 ? args[1] : null;
		if (only == null || only.equals("chat")) {
			time("chat", ScannerCorpus.chat(), passes);
		}
		for (ScannerCorpus.Kind kind : ScannerCorpus.Kind.values()) {
			if (only == null || only.equals(kind.name())) {
				time(kind.name(), ScannerCorpus.adversarial(kind), passes);
			}
		}
	}

	private static void time(String name, List<String> corpus, int passes) {
		StringBuilder line = new StringBuilder(String.format("%-18s", name));
		line.append(measure("scan", corpus, passes, t -> Detectors.scan(t, "US")));
		line.append(measure("card", corpus, passes, CardNumbers::find));
		line.append(measure("ssn", corpus, passes, SocialSecurityNumbers::find));
		line.append(measure("iban", corpus, passes, Ibans::find));
		line.append(measure("mail", corpus, passes, EmailAddresses::find));
		line.append(measure("phone", corpus, passes, t -> PhoneNumbers.find(t, "US")));
		line.append(measure("ip", corpus, passes, IpAddresses::find));
		System.out.println(line);
	}

	private static String measure(String what, List<String> corpus, int passes, Consumer<String> detector) {
		long best = Long.MAX_VALUE;
		for (int p = 0; p < passes; p++) {
			long start = System.nanoTime();
			for (String text : corpus) {
				detector.accept(text);
			}
			best = Math.min(best, System.nanoTime() - start);
		}
		return String.format(" %s %7.2f", what, best / 1e6);
	}

}
