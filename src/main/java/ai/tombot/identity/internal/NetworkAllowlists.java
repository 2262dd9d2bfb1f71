package ai.tombot.identity.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import ai.tombot.identity.NetworkAccessDenied;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Cidr;
import ai.tombot.tenancy.TenantService;

/**
 * Enforces tenants' network allowlists: every request of a tenant's users and API keys, and
 * every login of its users, must come from an address in the tenant's allowlist when it has
 * one. Platform staff are not bound by a tenant's allowlist. The address is the client's as
 * the platform resolved it (the socket's, or {@code X-Forwarded-For} from a trusted proxy).
 */
@Component
class NetworkAllowlists {

	static final String TYPE_DENIED = "urn:tombot:problem:network-access-denied";

	private static final Logger log = LoggerFactory.getLogger(NetworkAllowlists.class);

	private final TenantService tenants;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	NetworkAllowlists(TenantService tenants, ApplicationEventPublisher events, Clock clock) {
		this.tenants = tenants;
		this.events = events;
		this.clock = clock;
	}

	/** Whether {@code address} may act in the tenant; true for every address when it has no allowlist. */
	boolean admits(UUID tenantId, String address) {
		List<Cidr> allowlist = this.tenants.networkAllowlist(tenantId);
		return allowlist.isEmpty() || admitted(allowlist, address);
	}

	static boolean admitted(List<Cidr> allowlist, String address) {
		Optional<InetAddress> parsed = Cidr.address(address);
		return parsed.isPresent() && allowlist.stream().anyMatch(range -> range.contains(parsed.get()));
	}

	/**
	 * The refusal of a request from outside the allowlist, after publishing
	 * {@link NetworkAccessDenied}.
	 */
	ApiProblem denied(UUID tenantId, UUID actor, String actorKind, String address, String request) {
		log.warn("Request from {} refused by the network allowlist of tenant {} ({} {}): {}", address, tenantId,
				actorKind, actor, request);
		this.events.publishEvent(
				new NetworkAccessDenied(tenantId, actor, actorKind, address, request, this.clock.instant()));
		return new ApiProblem(HttpStatus.FORBIDDEN, TYPE_DENIED, "Network access denied",
				"Your tenant accepts requests only from its allowed networks, and your address " + address
						+ " is not in them");
	}

}
