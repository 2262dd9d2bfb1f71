package ai.tombot.audit.internal;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A chain's head as stored: its last sequence number and that entry's hash. */
record ChainHead(long seq, String hash) {

	/** The head as it is now; empty when the chain has none. */
	static Optional<ChainHead> read(JdbcClient jdbc, String chain) {
		return query(jdbc, chain, "");
	}

	/** The head, its row locked until the caller's transaction ends: one writer at a time. */
	static Optional<ChainHead> lock(JdbcClient jdbc, String chain) {
		return query(jdbc, chain, " for update");
	}

	private static Optional<ChainHead> query(JdbcClient jdbc, String chain, String lock) {
		return jdbc.sql("select seq, hash from audit_head where chain = :chain" + lock)
			.param("chain", chain)
			.query((rs, row) -> new ChainHead(rs.getLong("seq"), rs.getString("hash")))
			.optional();
	}

}
