package ai.tombot.audit.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;

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

	/** To keep the hashes at the chain's checkpoints from entry {@code from} to {@code to}. */
	static SeenHashes atCheckpoints(JdbcClient jdbc, String chain, long from, long to) {
		return new SeenHashes(jdbc
			.sql("select seq from audit_checkpoint where chain = :chain and seq >= :from and seq <= :to")
			.param("chain", chain)
			.param("from", from)
			.param("to", to)
			.query(Long.class)
			.list()
			.stream()
			.mapToLong(Long::longValue)
			.toArray());
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
