package ai.tombot.identity.internal;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Session settings.
 *
 * @param sessionIdleTimeout a session unused this long ends (PCI DSS 8.2.8: 15 minutes)
 * @param sessionLifetime a session ends this long after login, used or not
 */
@Validated
@ConfigurationProperties("tombot.auth")
record IdentityProperties(@NotNull @DefaultValue("15m") Duration sessionIdleTimeout,
		@NotNull @DefaultValue("12h") Duration sessionLifetime) {

	IdentityProperties {
		if (sessionIdleTimeout != null && (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero())) {
			throw new IllegalArgumentException("tombot.auth.session-idle-timeout must be positive");
		}
		if (sessionLifetime != null && (sessionLifetime.isNegative() || sessionLifetime.isZero())) {
			throw new IllegalArgumentException("tombot.auth.session-lifetime must be positive");
		}
	}

}
