package ai.tombot.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import ai.tombot.identity.LoginThrottled;

/**
 * Failed logins per source address. More than {@code tombot.auth.throttle-failures} within a
 * minute blocks the address for a minute; each new block within the hour lasts twice as long
 * as the one before (at most 30 minutes). Blocked attempts are refused before any password is
 * checked, so one address can neither lock many accounts cheaply nor make the server spend
 * Argon2 work on it. Counted per node, in memory, for the most recent 100,000 addresses.
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

		final Deque<Instant> failures = new ArrayDeque<>();

		final Set<String> usernames = new HashSet<>();

		Instant blockedUntil = Instant.MIN;

		Instant lastBlock = Instant.MIN;

		Duration nextBlock = WINDOW;

	}

	/** Until when the address is refused, if it is now. */
	synchronized Optional<Instant> blockedUntil(String address, Instant now) {
		Address entry = this.addresses.get(address);
		return entry != null && entry.blockedUntil.isAfter(now) ? Optional.of(entry.blockedUntil) : Optional.empty();
	}

	/** Counts a failure; answers the event to publish when it starts a block. */
	synchronized Optional<LoginThrottled> recordFailure(String address, String username, Instant now) {
		Address entry = this.addresses.computeIfAbsent(address, key -> new Address());
		entry.failures.addLast(now);
		if (entry.usernames.size() < 10_000) {
			entry.usernames.add(username);
		}
		while (!entry.failures.isEmpty() && !entry.failures.peekFirst().isAfter(now.minus(WINDOW))) {
			entry.failures.removeFirst();
		}
		if (entry.failures.size() <= this.limit) {
			return Optional.empty();
		}
		if (entry.lastBlock.isBefore(now.minus(Duration.ofHours(1)))) {
			entry.nextBlock = WINDOW;
		}
		entry.blockedUntil = now.plus(entry.nextBlock);
		entry.lastBlock = now;
		LoginThrottled event = new LoginThrottled(address, entry.failures.size(), entry.usernames.size(),
				entry.blockedUntil, now);
		Duration doubled = entry.nextBlock.multipliedBy(2);
		entry.nextBlock = doubled.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : doubled;
		entry.failures.clear();
		entry.usernames.clear();
		return Optional.of(event);
	}

}
