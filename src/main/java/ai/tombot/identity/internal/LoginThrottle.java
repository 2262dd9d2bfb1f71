package ai.tombot.identity.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import ai.tombot.identity.LoginThrottled;

/**
 * Login attempts per source address (IPv6 addresses per /64, the block a single host or
 * customer usually gets). An attempt counts from the moment it starts, and is taken back if
 * it succeeds, so a burst of parallel attempts is counted in full. More than
 * {@code tombot.auth.throttle-failures} within a minute blocks the address for a minute; each
 * new block within the hour lasts twice as long as the one before (at most 30 minutes).
 * Blocked attempts are refused before any password is checked, so one address can neither
 * lock many accounts cheaply nor make the server spend Argon2 work on it. Counted per node,
 * in memory, for the most recent 100,000 addresses.
 */
@Component
class LoginThrottle {

	static final Duration WINDOW = Duration.ofMinutes(1);

	static final Duration MAX_BLOCK = Duration.ofMinutes(30);

	private static final int MAX_ADDRESSES = 100_000;

	private final int limit;

	private final Map<String, Address> addresses = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Address> eldest) {
			return size() > MAX_ADDRESSES;
		}
	};

	LoginThrottle(IdentityProperties properties) {
		this.limit = properties.throttleFailures();
	}

	private static final class Address {

		final Deque<Instant> attempts = new ArrayDeque<>();

		final Set<String> usernames = new HashSet<>();

		Instant blockedUntil = Instant.MIN;

		Instant lastBlock = Instant.MIN;

		Duration nextBlock = WINDOW;

		void prune(Instant now) {
			while (!this.attempts.isEmpty() && !this.attempts.peekFirst().isAfter(now.minus(WINDOW))) {
				this.attempts.removeFirst();
			}
			if (this.attempts.isEmpty()) {
				this.usernames.clear();
			}
		}

	}

	/**
	 * The outcome of {@link #admit}.
	 *
	 * @param blockedUntil empty when the attempt may go on
	 * @param blockStarted the event to publish when this attempt started a block
	 */
	record Admission(Optional<Instant> blockedUntil, Optional<LoginThrottled> blockStarted) {

		boolean admitted() {
			return this.blockedUntil.isEmpty();
		}

	}

	/** Counts an attempt that is about to start, or refuses it. */
	synchronized Admission admit(String address, Instant now) {
		Address entry = this.addresses.computeIfAbsent(key(address), key -> new Address());
		if (entry.blockedUntil.isAfter(now)) {
			return new Admission(Optional.of(entry.blockedUntil), Optional.empty());
		}
		entry.prune(now);
		entry.attempts.addLast(now);
		if (entry.attempts.size() <= this.limit) {
			return new Admission(Optional.empty(), Optional.empty());
		}
		if (entry.lastBlock.isBefore(now.minus(Duration.ofHours(1)))) {
			entry.nextBlock = WINDOW;
		}
		entry.blockedUntil = now.plus(entry.nextBlock);
		entry.lastBlock = now;
		LoginThrottled event = new LoginThrottled(address, entry.attempts.size(), entry.usernames.size(),
				entry.blockedUntil, now);
		Duration doubled = entry.nextBlock.multipliedBy(2);
		entry.nextBlock = doubled.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : doubled;
		entry.attempts.clear();
		entry.usernames.clear();
		return new Admission(Optional.of(event.blockedUntil()), Optional.of(event));
	}

	/** The attempt failed: it stays counted; its username is remembered for the report. */
	synchronized void failed(String address, String username) {
		Address entry = this.addresses.get(key(address));
		if (entry != null && entry.usernames.size() < 1_000) {
			entry.usernames.add(username);
		}
	}

	/** The attempt succeeded: it no longer counts. */
	synchronized void succeeded(String address) {
		Address entry = this.addresses.get(key(address));
		if (entry != null && !entry.attempts.isEmpty()) {
			entry.attempts.removeLast();
		}
	}

	/** IPv4 addresses as they are; IPv6 addresses by their /64 prefix. */
	static String key(String address) {
		if (address == null || address.indexOf(':') < 0) {
			return String.valueOf(address);
		}
		try {
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length != 16) {
				return address;
			}
			return "v6/64:" + HexFormat.of().formatHex(bytes, 0, 8);
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

}
