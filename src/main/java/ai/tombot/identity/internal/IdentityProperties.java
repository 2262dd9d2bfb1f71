package ai.tombot.identity.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Session settings.
 *
 * @param sessionIdleTimeout a session unused this long ends (PCI DSS 8.2.8: 15 minutes)
 * @param sessionLifetime a session ends this long after login, used or not
 * @param lockoutThreshold consecutive failed logins that lock an account (PCI DSS 8.3.4: at most 10)
 * @param lockoutDuration how long a locked account stays locked (PCI DSS 8.3.4: at least 30 minutes)
 * @param throttleFailures failed logins from one source address within a minute before it is
 * refused for a while
 */
@Validated
@ConfigurationProperties("tombot.auth")
record IdentityProperties(@NotNull @DefaultValue("15m") Duration sessionIdleTimeout,
		@NotNull @DefaultValue("12h") Duration sessionLifetime,
		@Min(1) @Max(10) @DefaultValue("10") int lockoutThreshold,
		@NotNull @DefaultValue("30m") Duration lockoutDuration,
		@Min(1) @Max(10000) @DefaultValue("20") int throttleFailures) {

	/** The defaults, with the given session timeouts (for tests). */
	static IdentityProperties sessions(Duration sessionIdleTimeout, Duration sessionLifetime) {
		return new IdentityProperties(sessionIdleTimeout, sessionLifetime, 10, Duration.ofMinutes(30), 20);
	}

	IdentityProperties {
		if (sessionIdleTimeout != null && (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero())) {
			throw new IllegalArgumentException("tombot.auth.session-idle-timeout must be positive");
		}
		if (sessionLifetime != null && (sessionLifetime.isNegative() || sessionLifetime.isZero())) {
			throw new IllegalArgumentException("tombot.auth.session-lifetime must be positive");
		}
		if (lockoutDuration != null && lockoutDuration.compareTo(Duration.ofMinutes(30)) < 0) {
			throw new IllegalArgumentException("tombot.auth.lockout-duration must be at least 30m (PCI DSS 8.3.4)");
		}
	}

}
