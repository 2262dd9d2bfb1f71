package benchmarks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import ai.tombot.RunningTombot;

/**
 * Clients that post messages at a steady rate, each with a unique {@code clientMessageId}, and
 * keep the books a fault harness needs. Like a careful real client, each retries a message
 * whose outcome it does not know (no answer, a 503) with the same {@code clientMessageId}
 * until the server acknowledges it, and only then sends the next one. A message is
 * <em>acknowledged</em> when the server answered 201 (stored) or 200 (stored before, by an
 * attempt whose answer was lost); the id the answer names is what must be readable later.
 */
final class IngestDriver {

	/** The server's answer that acknowledged a message: its stored id and the status (201 or 200). */
	record Ack(String storedId, int status) {
	}

	/** Requests sent while a fault is injected (e.g. PostgreSQL down), and how they were answered. */
	static final class Window {

		final LongAdder requests = new LongAdder();

		final LongAdder unavailable = new LongAdder();

		final LongAdder otherErrors = new LongAdder();

		final LongAdder noAnswer = new LongAdder();

		final LongAdder acked = new LongAdder();

		final LongAdder slow = new LongAdder();

		final AtomicLong maxLatencyNanos = new AtomicLong();

	}

	/** A request slower than this while a fault is injected counts as hung. */
	static final Duration PROMPT = Duration.ofSeconds(5);

	private final HarnessClient client;

	private final HarnessClient.Tenant tenant;

	private final String prefix;

	private final int clients;

	private final double ratePerSecond;

	private final AtomicLong sequence = new AtomicLong();

	final Map<String, Ack> acked = new ConcurrentHashMap<>();

	/** Every client message id sent at least once. */
	final Set<String> sent = ConcurrentHashMap.newKeySet();

	/** Sent but not acknowledged when the clients stopped. */
	final Set<String> pending = ConcurrentHashMap.newKeySet();

	/** Answered with a 4xx: the server refused a valid message (a bug; never retried). */
	final Set<String> rejected = ConcurrentHashMap.newKeySet();

	final LongAdder attempts = new LongAdder();

	/** Attempts whose outcome the client could not know: a timeout or a connection lost after sending. */
	final LongAdder indeterminate = new LongAdder();

	/** Attempts refused before anything was sent (no server listening). */
	final LongAdder refused = new LongAdder();

	final LongAdder unavailable = new LongAdder();

	/** 5xx other than 503, and 4xx. */
	final LongAdder errors = new LongAdder();

	final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

	/** System.nanoTime() at which the latest acknowledged attempt was sent. */
	final AtomicLong lastAckSent = new AtomicLong();

	private volatile Window window;

	private volatile boolean running;

	private final List<Thread> threads = new ArrayList<>();

	IngestDriver(HarnessClient client, HarnessClient.Tenant tenant, String prefix, int clients, double ratePerSecond) {
		this.client = client;
		this.tenant = tenant;
		this.prefix = prefix;
		this.clients = clients;
		this.ratePerSecond = ratePerSecond;
	}

	void start() {
		this.running = true;
		for (int i = 0; i < this.clients; i++) {
			Thread thread = new Thread(this::clientLoop, "ingest-client-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/** Stops the clients; a message not acknowledged by then is left pending. */
	void stop() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(30_000);
			if (thread.isAlive()) {
				throw new IllegalStateException(thread.getName() + " did not stop within 30 s");
			}
		}
		this.threads.clear();
	}

	/** From now on, records every attempt in {@code window} too; null stops recording. */
	void record(Window window) {
		this.window = window;
	}

	/**
	 * After the last fault: sends every pending message again until acknowledged (at most
	 * {@code timeout} in all); answers how many stayed unacknowledged.
	 */
	int resolvePending(Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		for (String id : List.copyOf(this.pending)) {
			while (System.nanoTime() < end && this.pending.contains(id)) {
				Outcome outcome = attempt(id);
				if (outcome == Outcome.ACKED || outcome == Outcome.REJECTED) {
					this.pending.remove(id);
				}
				else {
					Thread.sleep(200);
				}
			}
		}
		return this.pending.size();
	}

	enum Outcome {

		ACKED, RETRY, REJECTED

	}

	private void clientLoop() {
		long interval = (long) (this.clients * 1e9 / this.ratePerSecond);
		long next = System.nanoTime();
		String current = null;
		long backoffMillis = 0;
		try {
			while (this.running) {
				if (current == null) {
					current = this.prefix + "-" + this.sequence.incrementAndGet();
				}
				Outcome outcome = attempt(current);
				if (outcome == Outcome.RETRY) {
					backoffMillis = Math.min(1000, Math.max(100, backoffMillis * 2));
					Thread.sleep(backoffMillis);
					continue;
				}
				current = null;
				backoffMillis = 0;
				next = Math.max(next + interval, System.nanoTime());
				long wait = next - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			// e.g. an acknowledgement without an id: counted, and the message stays in the books
			this.errors.increment();
			sample("client " + Thread.currentThread().getName() + " died: " + ex);
		}
		if (current != null) {
			this.pending.add(current);
		}
	}

	/** The same body for every attempt of a message. */
	private String body(String id) {
		long n = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
		String text = "fault harness message " + id + (n % 7 == 0 ? ", my card is 4111 1111 1111 1111" : "");
		return RunningTombot.json(Map.of("channel", this.tenant.channel(), "subject",
				Map.of("externalId", "fh-customer-" + (n % 50)), "direction", "inbound", "author", "customer", "text", text,
				"clientMessageId", id));
	}

	private Outcome attempt(String id) throws InterruptedException {
		this.sent.add(id);
		this.attempts.increment();
		Window recording = this.window;
		HttpRequest request = this.client.request("/api/v1/tenants/" + this.tenant.slug() + "/messages", this.tenant.apiKey())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body(id)))
			.build();
		long sentAt = System.nanoTime();
		HttpResponse<String> answer;
		try {
			answer = this.client.send(request);
		}
		catch (ConnectException | HttpConnectTimeoutException ex) {
			this.refused.increment();
			note(recording, sentAt, -1);
			return Outcome.RETRY;
		}
		catch (HttpTimeoutException ex) {
			this.indeterminate.increment();
			note(recording, sentAt, 0);
			return Outcome.RETRY;
		}
		catch (IOException ex) {
			this.indeterminate.increment();
			note(recording, sentAt, 0);
			return Outcome.RETRY;
		}
		int status = answer.statusCode();
		note(recording, sentAt, status);
		if (status == 201 || status == 200) {
			String stored = RunningTombot.parse(answer.body()).get("id").asString();
			Ack previous = this.acked.putIfAbsent(id, new Ack(stored, status));
			if (previous != null && !previous.storedId().equals(stored)) {
				sample("message " + id + " acknowledged twice with different ids: " + previous.storedId() + ", " + stored);
				this.errors.increment();
			}
			this.lastAckSent.accumulateAndGet(sentAt, Math::max);
			return Outcome.ACKED;
		}
		if (status == 503) {
			this.unavailable.increment();
			if (recording == null) {
				// only a store outage the harness made excuses a 503: otherwise it hides a bug
				// (no connection free, an audit entry that cannot be written, a deadlock)
				this.errors.increment();
				sample("503 outside an injected PostgreSQL outage for " + id + ": " + answer.body());
			}
			return Outcome.RETRY;
		}
		this.errors.increment();
		sample(status + " for " + id + ": " + answer.body());
		if (status >= 500) {
			return Outcome.RETRY;
		}
		this.rejected.add(id);
		return Outcome.REJECTED;
	}

	private void note(Window recording, long sentAt, int status) {
		if (recording == null) {
			return;
		}
		long took = System.nanoTime() - sentAt;
		recording.requests.increment();
		recording.maxLatencyNanos.accumulateAndGet(took, Math::max);
		if (took > PROMPT.toNanos()) {
			recording.slow.increment();
		}
		if (status == 503) {
			recording.unavailable.increment();
		}
		else if (status == 200 || status == 201) {
			recording.acked.increment();
		}
		else if (status <= 0) {
			recording.noAnswer.increment();
		}
		else {
			recording.otherErrors.increment();
		}
	}

	private void sample(String error) {
		if (this.errorSamples.size() < 20) {
			this.errorSamples.add(error.length() > 300 ? error.substring(0, 300) + "…" : error);
		}
	}

}
