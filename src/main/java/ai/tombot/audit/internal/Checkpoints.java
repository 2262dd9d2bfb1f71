package ai.tombot.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * Signed checkpoints: a chain's head (sequence number and hash) at a time, signed with the
 * store's audit key. One is written with every {@code checkpoint-every}th entry, in that
 * entry's transaction, and the scheduler signs the head of every chain that grew since its
 * last checkpoint, every {@code checkpoint-interval}. Each checkpoint is also appended to the
 * operator's checkpoint file, once committed.
 */
@Component
class Checkpoints {

	private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

	/** A stored checkpoint. */
	record Checkpoint(String chain, long seq, String headHash, Instant at, String signature) {
	}

	private final Stores stores;

	private final AuditSigner signer;

	private final AuditProperties properties;

	private final Clock clock;

	Checkpoints(Stores stores, AuditSigner signer, AuditProperties properties, Clock clock) {
		this.stores = stores;
		this.signer = signer;
		this.properties = properties;
		this.clock = clock;
	}

	/** What a checkpoint's signature covers. */
	static byte[] message(String store, String chain, long seq, String headHash, Instant at) {
		return AuditRow.encode("tombot-audit-checkpoint-v1", store, chain, Long.toString(seq), headHash,
				Long.toString(at.toEpochMilli()));
	}

	boolean due(long seq) {
		return seq % this.properties.checkpointEvery() == 0;
	}

	/**
	 * Signs and stores a checkpoint of the chain at {@code seq}, in the caller's transaction on
	 * the store. When this node cannot sign for the store (no master key for the region), it
	 * writes nothing and says so: the entry stands, and a node that can sign signs the head later.
	 *
	 * @return whether it wrote the checkpoint
	 */
	boolean write(Store store, String chain, long seq, String headHash) {
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String signature;
		try {
			signature = Base64.getEncoder()
				.encodeToString(this.signer.sign(store.name(), message(store.name(), chain, seq, headHash, at)));
		}
		catch (ApiProblem unavailable) {
			log.warn("Audit chain {} of store {} not checkpointed at {}: this node cannot sign for the store", chain,
					store.name(), seq);
			return false;
		}
		store.jdbc()
			.sql("insert into audit_checkpoint (chain, seq, head_hash, at, signature) values (:chain, :seq, :hash, :at, :sig)")
			.param("chain", chain)
			.param("seq", seq)
			.param("hash", headHash)
			.param("at", SqlTime.ts(at))
			.param("sig", signature)
			.update();
		if (this.properties.checkpointFile() != null && TransactionSynchronizationManager.isSynchronizationActive()) {
			String line = "{\"store\":\"" + store.name() + "\",\"chain\":\"" + chain + "\",\"seq\":" + seq
					+ ",\"headHash\":\"" + headHash + "\",\"at\":\"" + at + "\",\"signature\":\"" + signature + "\"}\n";
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					append(line);
				}
			});
		}
		return true;
	}

	private synchronized void append(String line) {
		try {
			Files.writeString(this.properties.checkpointFile(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND, StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			// the checkpoint is in the database; the copy outside it is missing: say so loudly
			log.error("Cannot append an audit checkpoint to {}: {}", this.properties.checkpointFile(), ex.toString());
		}
	}

	List<Checkpoint> of(Store store, String chain) {
		return store.jdbc()
			.sql("select chain, seq, head_hash, at, signature from audit_checkpoint where chain = :chain order by seq")
			.param("chain", chain)
			.query((rs, row) -> new Checkpoint(rs.getString("chain"), rs.getLong("seq"), rs.getString("head_hash"),
					SqlTime.instant(rs, "at"), rs.getString("signature")))
			.list();
	}

	/**
	 * The chain's checkpoints in the operator's checkpoint file, in file order; none when no
	 * file is set or it does not exist yet. A line that is not a checkpoint (say, one cut short
	 * by a crash while it was appended) is skipped.
	 */
	List<Checkpoint> fromFile(String store, String chain) {
		Path file = this.properties.checkpointFile();
		if (file == null || !Files.exists(file)) {
			return List.of();
		}
		List<Checkpoint> found = new ArrayList<>();
		try (java.util.stream.Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
			lines.forEach(line -> {
				try {
					tools.jackson.databind.JsonNode node = FILE_JSON.readTree(line);
					if (store.equals(node.path("store").asString("")) && chain.equals(node.path("chain").asString(""))) {
						found.add(new Checkpoint(chain, node.path("seq").asLong(), node.path("headHash").asString(),
								Instant.parse(node.path("at").asString()), node.path("signature").asString()));
					}
				}
				catch (RuntimeException unreadable) {
					log.warn("Skipped a line of the audit checkpoint file {} that is not a checkpoint", file);
				}
			});
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("cannot read the audit checkpoint file " + file, ex);
		}
		return found;
	}

	private static final tools.jackson.databind.json.JsonMapper FILE_JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	/** The chain's checkpoint at {@code seq}, if there is one. */
	java.util.Optional<Checkpoint> at(Store store, String chain, long seq) {
		return store.jdbc()
			.sql("select chain, seq, head_hash, at, signature from audit_checkpoint where chain = :chain and seq = :seq")
			.param("chain", chain)
			.param("seq", seq)
			.query((rs, row) -> new Checkpoint(rs.getString("chain"), rs.getLong("seq"), rs.getString("head_hash"),
					SqlTime.instant(rs, "at"), rs.getString("signature")))
			.optional();
	}

	boolean signedBy(Store store, Checkpoint checkpoint) {
		return signedBy(store.name(),
				message(store.name(), checkpoint.chain(), checkpoint.seq(), checkpoint.headHash(), checkpoint.at()),
				checkpoint.signature());
	}

	/** Whether {@code signature} (base64) is the store's audit key's over {@code message}. */
	boolean signedBy(String store, byte[] message, String signature) {
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(signature);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return this.signer.verify(store, message, decoded);
	}

	/** Signs the head of every chain that grew since its last checkpoint. */
	@Scheduled(initialDelayString = "${tombot.audit.checkpoint-interval:10m}",
			fixedDelayString = "${tombot.audit.checkpoint-interval:10m}")
	void checkpointHeads() {
		for (Store store : this.stores.all()) {
			try {
				checkpointHeads(store);
			}
			catch (RuntimeException ex) {
				log.warn("Audit checkpoints of store {} not written this time: {}", store.name(), ex.getMessage());
			}
		}
	}

	int checkpointHeads(Store store) {
		List<String> grown = store.jdbc()
			.sql("select h.chain from audit_head h where h.seq > coalesce((select max(c.seq) from audit_checkpoint c "
					+ "where c.chain = h.chain), 0)")
			.query(String.class)
			.list();
		int written = 0;
		for (String chain : grown) {
			try {
				checkpointHead(store, chain);
				written++;
			}
			catch (RuntimeException ex) {
				// one broken chain (verification names it) does not keep the others unsigned
				log.warn("No checkpoint for audit chain {} of store {}: {}", chain, store.name(), ex.getClass().getSimpleName());
			}
		}
		return written;
	}

	/** Signs the chain's head now, unless it is signed already. */
	void checkpointHead(Store store, String chain) {
		store.tx().executeWithoutResult(status -> {
			ChainHead head = ChainHead.lock(store.jdbc(), chain).orElseThrow();
			boolean exists = store.jdbc()
				.sql("select count(*) from audit_checkpoint where chain = :chain and seq = :seq")
				.param("chain", chain)
				.param("seq", head.seq())
				.query(Long.class)
				.single() > 0;
			if (!exists && head.seq() > 0) {
				write(store, chain, head.seq(), head.hash());
			}
		});
	}

}
