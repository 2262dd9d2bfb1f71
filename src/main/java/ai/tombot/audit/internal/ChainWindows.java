package ai.tombot.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reading a chain for {@link AuditVerifier}: bounded windows of entries, and the fast pass
 * that reads and checks them with several threads and only says whether the chain is whole.
 * Where it is not, the verifier's exact walk names the first broken place.
 */
final class ChainWindows {

	private static final Logger log = LoggerFactory.getLogger(ChainWindows.class);

	/** Entries a window holds. */
	static final int PAGE = 1000;

	/** Windows the fast pass takes on at most; longer ranges go to the exact walk. */
	private static final int MAX_FAST_WINDOWS = 1_000_000;

	/** One fast pass at a time in this process (see {@link #fastPass}). */
	private static final Semaphore FAST_PASS = new Semaphore(1);

	/** Threads that read a chain at once in the fast pass: one a core, at most 4. */
	private static final int READERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

	private ChainWindows() {
	}

	/**
	 * Entries {@code from} to {@code to} of a chain, in order. Windows of {@link #PAGE} sequence
	 * numbers, each bounded on both sides: H2 sorts what a query selects, and an open-ended range
	 * would have it sort the rest of the chain for every window.
	 */
	static List<AuditRow> window(JdbcClient jdbc, String chain, long from, long to) {
		return Segments.range(jdbc, chain, from, to);
	}

	/** A window that the fast pass found whole: the hash it chains onto, and its last entry's hash. */
	record Stretch(String chainedOnto, String lastHash) {
	}

	/**
	 * Entries {@code from} to {@code to}, read and checked window by window by {@link #READERS}
	 * threads at once, then joined in order: each window's first entry must follow the last
	 * entry of the window before it. Reading the store costs several times the hashing, so
	 * more readers make verification faster as long as there are cores for them. One such pass
	 * runs at a time in this process, so verifications started together (a tenant may start its
	 * own) hold at most {@link #READERS} of a store's connections; the others walk their chains
	 * with one connection, as the exact walk does.
	 *
	 * @return the hash of entry {@code to} when every entry from {@code from} is there, in order,
	 * matches its hash, and follows the entry before it ({@code previous} for the first); null
	 * otherwise, without saying what is wrong (the exact walk does that), and null when another
	 * pass is running or a reader failed
	 */
	static String fastPass(JdbcClient jdbc, String chain, long from, long to, String previous, SeenHashes seen) {
		if ((to - from) / PAGE >= MAX_FAST_WINDOWS) {
			return null; // a head far beyond any real chain, or a chain of over a billion entries
		}
		// windows end at multiples of PAGE, where segments end (at the default tombot.audit.seal-every)
		int windows = (int) ((to - 1) / PAGE - (from - 1) / PAGE + 1);
		if (windows == 1) {
			return join(readWindows(jdbc, chain, from, to, 1, 1, seen), previous); // no threads to start
		}
		if (!FAST_PASS.tryAcquire()) {
			return null;
		}
		try {
			return join(readWindows(jdbc, chain, from, to, windows, Math.min(READERS, windows), seen), previous);
		}
		catch (RuntimeException failure) {
			if (Thread.currentThread().isInterrupted()) {
				throw failure; // no store reads on an interrupted thread (see readWindows)
			}
			// e.g. no connection free within the pool's timeout: the exact walk needs one at a time
			log.debug("Audit verification's fast pass over chain {} failed, so the chain is walked in order: {}", chain,
					failure.toString());
			return null;
		}
		finally {
			FAST_PASS.release();
		}
	}

	/**
	 * The windows of entries {@code from} to {@code to} as {@code threads} readers check them;
	 * null when one of them is not whole.
	 */
	private static Stretch[] readWindows(JdbcClient jdbc, String chain, long from, long to, int windows, int threads,
			SeenHashes seen) {
		Stretch[] stretches = new Stretch[windows];
		AtomicInteger next = new AtomicInteger();
		AtomicBoolean broken = new AtomicBoolean();
		Runnable reader = () -> {
			try {
				for (int index = next.getAndIncrement(); index < windows && !broken.get(); index = next.getAndIncrement()) {
					long first = ((from - 1) / PAGE + index) * PAGE + 1;
					long start = Math.max(from, first);
					long end = Math.min(first + PAGE - 1, to);
					Stretch stretch = check(jdbc, chain, start, end, seen);
					if (stretch == null) {
						broken.set(true);
					}
					stretches[index] = stretch;
				}
			}
			catch (Throwable failure) {
				broken.set(true); // the other readers stop after their window
				throw failure;
			}
		};
		if (threads == 1) {
			reader.run();
			return broken.get() ? null : stretches;
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
			Thread thread = new Thread(runnable, "audit-verify");
			thread.setDaemon(true);
			return thread;
		});
		List<Future<?>> running = new ArrayList<>();
		try {
			for (int i = 0; i < threads; i++) {
				running.add(pool.submit(reader));
			}
		}
		finally {
			// never interrupt a reader: an interrupt inside an H2 file read closes the store's file
			// channel, and the embedded store with it, so the readers end after their window
			pool.shutdown();
		}
		boolean interrupted = false;
		RuntimeException failed = null;
		for (Future<?> one : running) {
			while (true) {
				try {
					one.get();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true; // answered below, once every reader has ended
					broken.set(true);
				}
				catch (ExecutionException ex) {
					if (failed == null) {
						failed = ex.getCause() instanceof RuntimeException runtime ? runtime
								: new IllegalStateException("audit verification failed", ex.getCause());
					}
					break;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("audit verification was interrupted");
		}
		if (failed != null) {
			throw failed;
		}
		return broken.get() ? null : stretches;
	}

	/** The last hash of the windows joined in order onto {@code previous}; null when they do not join. */
	private static String join(Stretch[] stretches, String previous) {
		if (stretches == null) {
			return null;
		}
		String last = previous;
		for (Stretch stretch : stretches) {
			if (!stretch.chainedOnto().equals(last)) {
				return null;
			}
			last = stretch.lastHash();
		}
		return last;
	}

	/**
	 * Entries {@code start} to {@code end} of a chain checked as {@link #stretch} does. A window
	 * that one segment holds exactly, with no row beside it, is checked over the segment's bytes as
	 * stored (the usual case for all but a chain's latest entries); any other is read entry by
	 * entry. A segment that does not decode is not whole.
	 */
	private static Stretch check(JdbcClient jdbc, String chain, long start, long end, SeenHashes seen) {
		List<AuditRow> rows = Segments.rows(jdbc, chain, start, end);
		List<Segments.Segment> segments = Segments.overlapping(jdbc, chain, start, end);
		if (rows.isEmpty() && segments.size() == 1 && segments.get(0).fromSeq() == start
				&& segments.get(0).toSeq() == end) {
			return SegmentFormat.stretch(segments.get(0), start, end, seen);
		}
		try {
			return stretch(Segments.merged(rows, segments, start, end), start, end, seen);
		}
		catch (Segments.Damaged damaged) {
			return null;
		}
	}

	/**
	 * The window of entries {@code start} to {@code end}, when it holds every one of them, each
	 * matching its hash and following the one before it; null otherwise.
	 */
	private static Stretch stretch(List<AuditRow> rows, long start, long end, SeenHashes seen) {
		if (rows.size() != end - start + 1) {
			return null;
		}
		String previous = rows.get(0).prevHash();
		long expected = start;
		for (AuditRow row : rows) {
			if (!intact(row, expected, previous)) {
				return null;
			}
			seen.saw(row.seq(), row.hash());
			previous = row.hash();
			expected++;
		}
		return new Stretch(rows.get(0).prevHash(), previous);
	}

	/** Whether {@code row} is entry {@code expected}, matches its hash and follows {@code previous}. */
	private static boolean intact(AuditRow row, long expected, String previous) {
		return row.seq() == expected && row.at().getNano() % 1_000_000 == 0 && row.prevHash().equals(previous)
				&& row.computedHash().equals(row.hash());
	}

}
