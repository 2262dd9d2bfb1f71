package ai.tombot.keys.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Key settings.
 *
 * @param cacheTtl how long an unwrapped key stays in this node's memory; also how long another
 * node may still decrypt a subject's data after its key was destroyed elsewhere
 * @param cacheMaxEntries how many unwrapped subject keys this node keeps at most
 * @param tenantKeyRotationPeriod a tenant's key is rotated automatically when its primary
 * version is this old
 */
@Validated
@ConfigurationProperties("tombot.keys")
record KeysProperties(@NotNull @DefaultValue("60s") Duration cacheTtl,
		@Min(100) @Max(10_000_000) @DefaultValue("100000") int cacheMaxEntries,
		@NotNull @DefaultValue("90d") Duration tenantKeyRotationPeriod) {

	KeysProperties {
		if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(10)) > 0)) {
			throw new IllegalArgumentException("tombot.keys.cache-ttl must be between 0 and 10m");
		}
		if (tenantKeyRotationPeriod != null && tenantKeyRotationPeriod.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("tombot.keys.tenant-key-rotation-period must be at least 1d");
		}
	}

	static KeysProperties defaults() {
		return new KeysProperties(Duration.ofSeconds(60), 100_000, Duration.ofDays(90));
	}

}
