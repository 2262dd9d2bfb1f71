package ai.tombot.identity;

import java.time.Instant;

/**
 * One source address failed too many logins and is refused for a while; a likely password
 * spraying or credential stuffing run when {@code distinctUsernames} is high.
 */
public record LoginThrottled(String sourceAddress, int failuresInWindow, int distinctUsernames, Instant blockedUntil,
		Instant at) {
}
