package ai.tombot.audit.internal;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A chain's head as stored: its last sequence number and that entry's hash. */
record ChainHead(long seq, String hash) {

	/** The head as it is now; empty when the chain has none. */
	static Optional<ChainHead> read(JdbcClient jdbc, String chain) {
		return jdbc.sql("select seq, hash from audit_head where chain = :chain")
			.param("chain", chain)
			.query((rs, row) -> new ChainHead(rs.getLong("seq"), rs.getString("hash")))
			.optional();
	}

	/**
	 * The head, its row locked until the caller's transaction ends: one writer at a time. An
	 * UPDATE that changes nothing takes the lock, as {@code select … for update} does, and the
	 * head is read after it (the last committed head, which no one else can move now): H2
	 * caches no FOR UPDATE query, and every audit entry would parse and plan one again.
	 */
	static Optional<ChainHead> lock(JdbcClient jdbc, String chain) {
		if (jdbc.sql("update audit_head set seq = seq where chain = :chain").param("chain", chain).update() == 0) {
			return Optional.empty();
		}
		return read(jdbc, chain);
	}

}
