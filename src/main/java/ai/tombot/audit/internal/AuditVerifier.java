package ai.tombot.audit.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.audit.AuditTamperDetected;
import ai.tombot.audit.AuditVerification;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * Walks chains entry by entry and reports the first broken place of each: which entry, and
 * whether it was modified, deleted, reordered or inserted. Read-only; runs beside a live
 * server, since it reads each chain only up to the head it saw when it started.
 */
@Component
class AuditVerifier implements AuditVerification {

	private static final Logger log = LoggerFactory.getLogger(AuditVerifier.class);

	private static final int PAGE = ChainWindows.PAGE;

	/** The first broken place of a chain. */
	record Break(long seq, String kind, String detail) {
	}

	/**
	 * One chain's verdict.
	 *
	 * @param checkpoints signed checkpoints verified; -1 when this node cannot check signatures
	 * of the store (it has no master key for the region)
	 */
	record ChainReport(String store, String chain, long entries, long checkpoints, Break problem) {

		boolean intact() {
			return this.problem == null;
		}

	}

	private final Stores stores;

	private final TenantService tenants;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Checkpoints checkpoints;

	AuditVerifier(Stores stores, TenantService tenants, Checkpoints checkpoints, ApplicationEventPublisher events,
			Clock clock) {
		this.checkpoints = checkpoints;
		this.stores = stores;
		this.tenants = tenants;
		this.events = events;
		this.clock = clock;
	}

	/** Every chain of every store this node reaches: the control chain, then each region's tenants. */
	List<ChainReport> verifyAll() {
		List<ChainReport> reports = new ArrayList<>();
		reports.add(verify(this.stores.control(), ChainWriter.CONTROL));
		for (String region : this.stores.regions()) {
			Store store = this.stores.region(region);
			// every tenant of the region has a chain, even one whose head someone removed
			for (String chain : store.jdbc()
				.sql("select chain from audit_head union select cast(tenant_id as varchar(40)) from tenant_home order by 1")
				.query(String.class)
				.list()) {
				reports.add(verify(store, chain));
			}
		}
		return reports;
	}

	@Override
	public boolean verify(String tenantSlug, java.io.PrintStream out) {
		List<ChainReport> reports;
		if (tenantSlug == null) {
			reports = verifyAll();
		}
		else {
			Tenant tenant = this.tenants.find(tenantSlug)
				.orElseThrow(() -> new IllegalArgumentException("no tenant '" + tenantSlug + "'"));
			reports = List.of(verify(this.stores.region(tenant.region()), tenant.id().toString()));
		}
		for (ChainReport report : reports) {
			out.println(report.store() + " " + report.chain() + ": " + report.entries() + " entries, "
					+ (report.checkpoints() < 0 ? "signatures not checked (no master key here), "
							: report.checkpoints() + " signed checkpoints, ")
					+ (report.intact() ? "intact"
							: "BROKEN at entry " + report.problem().seq() + ": " + report.problem().kind() + " ("
									+ report.problem().detail() + ")"));
		}
		return reports.stream().allMatch(ChainReport::intact);
	}

	/** Verifies every chain on a schedule ({@code tombot.audit.verify-interval}, daily by default). */
	@org.springframework.scheduling.annotation.Scheduled(initialDelayString = "${tombot.audit.verify-interval:24h}",
			fixedDelayString = "${tombot.audit.verify-interval:24h}")
	void scheduled() {
		List<ChainReport> reports = verifyAll();
		long broken = reports.stream().filter(report -> !report.intact()).count();
		if (broken == 0) {
			log.info("Audit trail verified: {} chains intact", reports.size());
		}
	}

	ChainReport verify(Store store, String chain) {
		ChainReport report = walk(store, chain);
		// an archive that committed while this walked looks like entries gone: a break counts
		// when the chain's archives stayed the same during a walk that found it
		for (int attempt = 0; !report.intact() && attempt < 5; attempt++) {
			long archived = ArchiveRecord.archivedTo(store, chain);
			report = walk(store, chain);
			if (report.intact() || ArchiveRecord.archivedTo(store, chain) == archived) {
				break;
			}
		}
		if (!report.intact()) {
			log.error("Audit chain {} in store {} is broken at entry {}: {} ({})", chain, store.name(),
					report.problem().seq(), report.problem().kind(), report.problem().detail());
			this.events.publishEvent(new AuditTamperDetected(store.name(), chain, report.problem().seq(),
					report.problem().kind(), report.problem().detail(), this.clock.instant()));
		}
		return report;
	}

	private ChainReport walk(Store store, String chain) {
		JdbcClient jdbc = store.jdbc();
		Optional<ChainHead> head = ChainHead.read(jdbc, chain);
		if (head.isEmpty()) {
			return new ChainReport(store.name(), chain, 0, 0, new Break(0, "deleted", "the chain's head is missing"));
		}
		// archived ranges (retention): each signed, one after the other from the first entry, each
		// ending at a signed checkpoint; the chain in the store goes on after the last of them
		long expected = 1;
		String previous = AuditRow.GENESIS;
		long checked = 0;
		for (ArchiveRecord archive : ArchiveRecord.of(store, chain)) {
			if (archive.fromSeq() != expected) {
				return new ChainReport(store.name(), chain, 0, 0, new Break(expected, "deleted", "entries " + expected
						+ " to " + (archive.fromSeq() - 1) + " are neither in the store nor in an archive"));
			}
			Break problem = archiveBreak(store, archive);
			if (problem != null) {
				return new ChainReport(store.name(), chain, 0, 0, problem);
			}
			expected = archive.toSeq() + 1;
			previous = archive.toHash();
		}
		long archivedTo = expected - 1;
		// up to the head read above: entries written while this runs are for the next verification.
		// The fast pass reads the chain with several threads and finds nothing wrong in an intact
		// chain; when anything is off, the exact walk below finds and names its first broken place.
		// the hashes at the signed checkpoints, as the walk sees them, for the check against them below
		SeenHashes seen = SeenHashes.atCheckpoints(jdbc, chain, expected, head.get().seq());
		String fast = head.get().seq() >= expected
				? ChainWindows.fastPass(jdbc, chain, expected, head.get().seq(), previous, seen) : null;
		if (fast != null) {
			checked = head.get().seq() - expected + 1;
			expected = head.get().seq() + 1;
			previous = fast;
		}
		// the exact walk, window by window in order
		for (long window = expected; window <= head.get().seq();) {
			long end = Math.min(window + PAGE - 1, head.get().seq());
			List<AuditRow> page;
			try {
				page = ChainWindows.window(jdbc, chain, window, end);
			}
			catch (Segments.Damaged damaged) {
				return new ChainReport(store.name(), chain, checked, 0,
						new Break(damaged.seq(), "modified", damaged.getMessage()));
			}
			if (page.isEmpty()) {
				// a gap (or a head moved far ahead): jump to the next entry, where check() names the
				// gap, or stop, and the entries missing from the end are named below
				Long next = Segments.first(jdbc, chain, end + 1, head.get().seq());
				if (next == null) {
					break;
				}
				window = next;
				continue;
			}
			window = end + 1;
			for (AuditRow row : page) {
				Break problem = check(jdbc, row, expected, previous);
				if (problem != null) {
					return new ChainReport(store.name(), chain, checked, 0, problem);
				}
				seen.saw(row.seq(), row.hash());
				previous = row.hash();
				expected++;
				checked++;
			}
		}
		long last = expected - 1;
		if (head.get().seq() > last) {
			return new ChainReport(store.name(), chain, checked, 0, new Break(last + 1, "deleted",
					"entries " + (last + 1) + " to " + head.get().seq() + " are missing from the end of the chain"));
		}
		// a writer moves the head in its entry's transaction: an entry seen beyond the head read
		// first must be within the head read after it, or it was not written by a writer
		Long beyond = Segments.last(jdbc, chain, head.get().seq());
		long now = ChainHead.read(jdbc, chain).map(ChainHead::seq).orElse(head.get().seq());
		if (beyond != null && beyond > now) {
			beyond = Segments.first(jdbc, chain, now + 1, Long.MAX_VALUE);
			return new ChainReport(store.name(), chain, checked, 0, new Break(beyond, "inserted",
					"entries after the chain's head (" + now + ") were added"));
		}
		if (!head.get().hash().equals(previous)) {
			return new ChainReport(store.name(), chain, checked, 0,
					new Break(last, "modified", "the chain's head does not match its last entry"));
		}
		ChainReport report = againstCheckpoints(store, chain, checked, last, now, archivedTo, seen);
		return report.intact() ? againstCheckpointFile(store, chain, report) : report;
	}

	/**
	 * What the store alone cannot show: entries removed from the end of a chain together with
	 * its head and their checkpoints. The operator's checkpoint file, outside the database,
	 * still holds the signed checkpoints written on this node; each must be in the store.
	 */
	private ChainReport againstCheckpointFile(Store store, String chain, ChainReport report) {
		List<Checkpoints.Checkpoint> outside = this.checkpoints.fromFile(store.name(), chain);
		if (outside.isEmpty()) {
			return report;
		}
		long head = ChainHead.read(store.jdbc(), chain).map(ChainHead::seq).orElse(0L);
		for (Checkpoints.Checkpoint checkpoint : outside) {
			boolean signed;
			try {
				signed = this.checkpoints.signedBy(store, checkpoint);
			}
			catch (ai.tombot.platform.ApiProblem unavailable) {
				return report; // no master key for the region here: the file is checked where it is
			}
			Break problem;
			if (!signed) {
				problem = new Break(checkpoint.seq(), "modified", "the checkpoint file holds a checkpoint at "
						+ checkpoint.seq() + " that the store's audit key did not sign");
			}
			else if (checkpoint.seq() > head) {
				problem = new Break(head + 1, "deleted", "entries " + (head + 1) + " to " + checkpoint.seq()
						+ " are gone with the chain's head: the checkpoint file holds the signed checkpoint at "
						+ checkpoint.seq());
			}
			else {
				Optional<Checkpoints.Checkpoint> stored = this.checkpoints.at(store, chain, checkpoint.seq());
				problem = stored.isPresent() && stored.get().headHash().equals(checkpoint.headHash()) ? null
						: new Break(checkpoint.seq(), stored.isEmpty() ? "deleted" : "modified",
								"the signed checkpoint at " + checkpoint.seq() + " of the checkpoint file is "
										+ (stored.isEmpty() ? "missing from" : "not the one in") + " the store");
			}
			if (problem != null) {
				return new ChainReport(store.name(), chain, report.entries(), report.checkpoints(), problem);
			}
		}
		return report;
	}

	/**
	 * Why an archive record does not account for the entries it removed: its signature, or its
	 * cut not being the signed checkpoint it must be; null when it does.
	 */
	private Break archiveBreak(Store store, ArchiveRecord archive) {
		boolean signed;
		try {
			signed = this.checkpoints.signedBy(store.name(), archive.message(store.name()), archive.signature());
		}
		catch (ai.tombot.platform.ApiProblem unavailable) {
			signed = true; // no master key for the region here: signatures are checked where it is
		}
		if (!signed) {
			return new Break(archive.fromSeq(), "deleted", "entries " + archive.fromSeq() + " to " + archive.toSeq()
					+ " were removed under an archive record the store's audit key did not sign");
		}
		boolean cutSigned = this.checkpoints.at(store, archive.chain(), archive.toSeq())
			.filter(checkpoint -> checkpoint.headHash().equals(archive.toHash()))
			.isPresent();
		return cutSigned ? null : new Break(archive.toSeq(), "modified", "the archive of entries " + archive.fromSeq()
				+ " to " + archive.toSeq() + " does not end at the signed checkpoint it names");
	}

	/**
	 * A chain whose hashes all agree can still have been rewritten by someone who recomputed
	 * them: each signed checkpoint must match the entry it names.
	 */
	private ChainReport againstCheckpoints(Store store, String chain, long checked, long last, long currentHead,
			long archivedTo, SeenHashes seen) {
		long verified = 0;
		long lastGood = 0;
		List<Checkpoints.Checkpoint> all = this.checkpoints.of(store, chain);
		// read after the checkpoints: one written meanwhile is within this head
		currentHead = ChainHead.read(store.jdbc(), chain).map(ChainHead::seq).orElse(currentHead);
		for (Checkpoints.Checkpoint checkpoint : all) {
			boolean signed;
			try {
				signed = this.checkpoints.signedBy(store, checkpoint);
			}
			catch (ai.tombot.platform.ApiProblem unavailable) {
				// no master key for the region on this node: the chain was checked, its signatures not
				return new ChainReport(store.name(), chain, checked, -1, null);
			}
			if (!signed) {
				return new ChainReport(store.name(), chain, checked, verified, new Break(checkpoint.seq(), "modified",
						"the checkpoint at " + checkpoint.seq() + " is not signed by the store's audit key"));
			}
			if (checkpoint.seq() > currentHead) {
				return new ChainReport(store.name(), chain, checked, verified, new Break(currentHead + 1, "deleted",
						"the signed checkpoint at " + checkpoint.seq() + " covers entries the chain no longer has"));
			}
			if (checkpoint.seq() > last) {
				break; // written while this verification ran
			}
			if (checkpoint.seq() <= archivedTo) {
				// its entries are archived; the archive's cut was matched with its checkpoint above
				lastGood = checkpoint.seq();
				verified++;
				continue;
			}
			// as the walk saw it; read again only for a checkpoint written since the walk began
			String hash = seen.at(checkpoint.seq());
			try {
				hash = hash != null ? hash : Segments.hashAt(store.jdbc(), chain, checkpoint.seq());
			}
			catch (Segments.Damaged damaged) { // sealed since the walk read it: both read the same segment
				return new ChainReport(store.name(), chain, checked, verified,
						new Break(damaged.seq(), "modified", damaged.getMessage()));
			}
			if (hash == null) {
				// gone since the walk read it (an archive committed meanwhile, or a deletion)
				return new ChainReport(store.name(), chain, checked, verified, new Break(checkpoint.seq(), "deleted",
						"entry " + checkpoint.seq() + " of a signed checkpoint is missing"));
			}
			if (!hash.equals(checkpoint.headHash())) {
				return new ChainReport(store.name(), chain, checked, verified, new Break(lastGood + 1, "modified",
						"entries " + (lastGood + 1) + " to " + checkpoint.seq() + " were rewritten and re-hashed: entry "
								+ checkpoint.seq() + " no longer matches its signed checkpoint"));
			}
			lastGood = checkpoint.seq();
			verified++;
		}
		return new ChainReport(store.name(), chain, checked, verified, null);
	}

	/** Why {@code row}, read where entry {@code expected} belongs, breaks the chain; null when it does not. */
	private static Break check(JdbcClient jdbc, AuditRow row, long expected, String previous) {
		if (row.seq() < expected) {
			return new Break(row.seq(), "inserted", "entry " + row.seq() + " is there twice, and not alike: once "
					+ "sealed in a segment, once beside it");
		}
		if (row.seq() != expected) {
			return new Break(expected, "deleted", "entries " + expected + " to " + (row.seq() - 1) + " are missing");
		}
		if (row.at().getNano() % 1_000_000 != 0) {
			// the hash covers whole milliseconds; a writer never stores less
			return new Break(row.seq(), "modified", "the entry's time was changed");
		}
		boolean intact = row.computedHash().equals(row.hash());
		if (row.prevHash().equals(previous)) {
			return intact ? null : new Break(row.seq(), "modified", "the entry's content does not match its hash");
		}
		// it does not follow the entry before it: find where its predecessor went
		List<Long> predecessor = Segments.withHash(jdbc, row.chain(), row.prevHash());
		if (predecessor.isEmpty()) {
			return intact ? new Break(row.seq() - 1, "modified", "the entry before " + row.seq()
					+ " is not the one it was chained to: changed, and its hash recomputed")
					: new Break(row.seq(), "modified", "the entry's content does not match its hash");
		}
		if (predecessor.get(0) > row.seq()) {
			return new Break(row.seq(), "reordered",
					"the entry chained before it now stands at " + predecessor.get(0) + " after it");
		}
		return new Break(predecessor.get(0) + 1, "inserted", "entries " + (predecessor.get(0) + 1) + " to "
				+ (row.seq() - 1) + " were put between two consecutive entries");
	}

}
