package ai.tombot.keys.internal;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Which regions this node has the master key of: {@code available} or {@code unavailable}
 * per region, in the health details operators see. A node without some region's key is still
 * UP: it serves the other regions' tenants, as configured.
 */
@Component("keysHealthIndicator")
class KeysHealthIndicator extends AbstractHealthIndicator {

	private final MasterKeys masters;

	KeysHealthIndicator(MasterKeys masters) {
		super("Key health check failed");
		this.masters = masters;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		this.masters.availability()
			.forEach((region, available) -> builder.withDetail(region, available ? "available" : "unavailable"));
	}

}
