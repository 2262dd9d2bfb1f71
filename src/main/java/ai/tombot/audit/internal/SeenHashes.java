package ai.tombot.audit.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hashes a verification's walk saw at the entries its signed checkpoints name, for the
 * walk's check against the checkpoints: reading each of those entries again would read its
 * whole segment again (see {@link Segments}). Several readers of a chain record at once.
 */
final class SeenHashes {

	private final long[] wanted;

	private final Map<Long, String> seen = new ConcurrentHashMap<>();

	/** @param wanted the sequence numbers whose hashes are kept */
	SeenHashes(long[] wanted) {
		this.wanted = wanted.clone();
		Arrays.sort(this.wanted);
	}

	/** None wanted. */
	static SeenHashes none() {
		return new SeenHashes(new long[0]);
	}

	boolean wants(long seq) {
		return this.wanted.length > 0 && Arrays.binarySearch(this.wanted, seq) >= 0;
	}

	/** Records that entry {@code seq}, checked, has {@code hash}, when its hash is wanted. */
	void saw(long seq, String hash) {
		if (wants(seq)) {
			this.seen.put(seq, hash);
		}
	}

	/** The hash the walk saw at entry {@code seq}; null when it saw none there. */
	String at(long seq) {
		return this.seen.get(seq);
	}

}
