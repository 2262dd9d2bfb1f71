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

	/**
	 * Stored messages against the tenant's {@code message.create} audit entries, which commit in
	 * the message's transaction: each stored message has exactly one, and none names a message
	 * that is not stored.
	 *
	 * @param unaudited stored messages without an entry
	 * @param repeated stored messages with more than one
	 * @param orphaned entries naming a message that cannot be read back
	 * @param samples up to 10 of them, for the report
	 */
	record Audit(long unaudited, long repeated, long orphaned, List<String> samples) {

		boolean clean() {
			return this.unaudited == 0 && this.repeated == 0 && this.orphaned == 0;
		}

		/**
		 * @param found client message id to every stored id read back under it
		 * @param entries stored id to how many creation entries name it
		 */
		static Audit of(Map<String, List<String>> found, Map<String, Integer> entries) {
			Set<String> stored = new java.util.HashSet<>();
			found.values().forEach(stored::addAll);
			List<String> samples = new ArrayList<>();
			long unaudited = 0;
			long repeated = 0;
			for (String id : stored) {
				int count = entries.getOrDefault(id, 0);
				if (count != 1) {
					if (count == 0) {
						unaudited++;
					}
					else {
						repeated++;
					}
					if (samples.size() < 10) {
						samples.add(id + " has " + count + " message.create entries");
					}
				}
			}
			long orphaned = 0;
			for (String id : entries.keySet()) {
				if (!stored.contains(id)) {
					orphaned++;
					if (samples.size() < 10) {
						samples.add("an entry names " + id + ", which is not stored");
					}
				}
			}
			return new Audit(unaudited, repeated, orphaned, List.copyOf(samples));
		}

	}

}
