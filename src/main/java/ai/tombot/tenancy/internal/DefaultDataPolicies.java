package ai.tombot.tenancy.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.redaction.RedactionPolicy;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantChanged;
import ai.tombot.tenancy.TenantDataPolicies;
import ai.tombot.tenancy.TenantService;

/** Tenants' data policies, in the tenant's row of the control store. */
@Service
class DefaultDataPolicies implements TenantDataPolicies {

	static final int MAX_RETENTION_DAYS = 36_500;

	private static final Logger log = LoggerFactory.getLogger(DefaultDataPolicies.class);

	private final TenantService tenants;

	private final Stores stores;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** Read on every message: a short while in memory, so that other nodes' changes arrive soon. */
	private final Cache<UUID, RedactionPolicy> policies = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofSeconds(PROPAGATION_SECONDS))
		.build();

	DefaultDataPolicies(TenantService tenants, Stores stores, ApplicationEventPublisher events, Clock clock) {
		this.tenants = tenants;
		this.stores = stores;
		this.events = events;
		this.clock = clock;
	}

	private JdbcClient control() {
		return this.stores.control().jdbc();
	}

	@Override
	public RedactionPolicy redactionPolicy(UUID tenantId) {
		return this.policies.get(tenantId, this::read);
	}

	@Override
	public RedactionPolicy redactionPolicy(String slug) {
		return read(this.tenants.require(slug).id());
	}

	private RedactionPolicy read(UUID tenantId) {
		return control().sql("select redaction_policy, phone_region from tenant where id = :id")
			.param("id", tenantId)
			.query((rs, n) -> RedactionPolicy.ofStored(rs.getString(1), rs.getString(2)))
			.optional()
			.orElseThrow(() -> ApiProblem.notFound("Tenant " + tenantId));
	}

	@Override
	public RedactionPolicy setRedactionPolicy(String slug, RedactionPolicy policy) {
		Tenant tenant = this.tenants.require(slug);
		String actions = policy.storedActions();
		Instant now = this.clock.instant();
		this.stores.control().tx().executeWithoutResult(status -> {
			control().sql("update tenant set redaction_policy = :actions, phone_region = :region, updated_at = :now "
					+ "where id = :id")
				.param("actions", actions.isEmpty() ? null : actions)
				.param("region", policy.phoneRegion())
				.param("now", SqlTime.ts(now))
				.param("id", tenant.id())
				.update();
			this.events.publishEvent(new TenantChanged(tenant.id(), "redaction-policy", now));
		});
		this.policies.invalidate(tenant.id());
		log.info("Redaction policy of tenant {} is now {} (phone region {})", slug,
				actions.isEmpty() ? "the default" : actions, policy.phoneRegion());
		return redactionPolicy(slug);
	}

	@Override
	public int retentionDays(UUID tenantId) {
		return control().sql("select retention_days from tenant where id = :id")
			.param("id", tenantId)
			.query(Integer.class)
			.optional()
			.orElseThrow(() -> ApiProblem.notFound("Tenant " + tenantId));
	}

	@Override
	public void setRetentionDays(String slug, int days) {
		if (days < 0 || days > MAX_RETENTION_DAYS) {
			throw ApiProblem.invalid("days", "must be 0 (keep forever) to " + MAX_RETENTION_DAYS + ", not " + days);
		}
		Tenant tenant = this.tenants.require(slug);
		Instant now = this.clock.instant();
		this.stores.control().tx().executeWithoutResult(status -> {
			control().sql("update tenant set retention_days = :days, updated_at = :now where id = :id")
				.param("days", days)
				.param("now", SqlTime.ts(now))
				.param("id", tenant.id())
				.update();
			this.events.publishEvent(new TenantChanged(tenant.id(), "retention-policy", now));
		});
		log.info("Retention of tenant {} is now {}", slug, days == 0 ? "forever" : days + " days");
	}

}
