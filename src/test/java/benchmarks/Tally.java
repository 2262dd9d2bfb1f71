package benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The books of a fault-harness run: what the server acknowledged against what can be read
 * back afterwards.
 *
 * @param missing acknowledged, but the stored id the acknowledgement named is not readable
 * @param missingSamples up to 10 of them, for the report
 * @param duplicates client message ids read back more than once
 * @param unexpected client message ids read back that the harness never sent
 * @param replayed acknowledgements with 200: stored by an earlier attempt whose answer was lost
 */
record Tally(long missing, List<String> missingSamples, long duplicates, long unexpected, long replayed) {

	/**
	 * @param acked client message id to the acknowledgement
	 * @param sent every client message id sent at least once
	 * @param found client message id to every stored id read back under it
	 */
	static Tally of(Map<String, IngestDriver.Ack> acked, Set<String> sent, Map<String, List<String>> found) {
		long missing = 0;
		List<String> samples = new ArrayList<>();
		for (Map.Entry<String, IngestDriver.Ack> ack : acked.entrySet()) {
			List<String> stored = found.get(ack.getKey());
			if (stored == null || !stored.contains(ack.getValue().storedId())) {
				missing++;
				if (samples.size() < 10) {
					samples.add(ack.getKey() + " (stored id " + ack.getValue().storedId() + ", answered "
							+ ack.getValue().status() + ")");
				}
			}
		}
		long duplicates = found.values().stream().filter(ids -> ids.size() > 1).count();
		long unexpected = found.keySet().stream().filter(id -> !sent.contains(id)).count();
		long replayed = acked.values().stream().filter(ack -> ack.status() == 200).count();
		return new Tally(missing, List.copyOf(samples), duplicates, unexpected, replayed);
	}

}
