package ai.tombot.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

/**
 * Appends entries to their chain: locks the chain's head row, writes the entry after it and
 * moves the head, all in the caller's transaction on that store. Any failure is a 503 and
 * rolls the caller's transaction back.
 */
@Component
class ChainWriter implements AuditTrail {

	static final String CONTROL = "control";

	/** The request attribute that holds the request's id, shared by all its entries. */
	static final String REQUEST_ID = ChainWriter.class.getName() + ".requestId";

	private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);

	private final Stores stores;

	private final TenantService tenants;

	private final Clock clock;

	private final Checkpoints checkpoints;

	private final AuditProperties properties;

	ChainWriter(Stores stores, TenantService tenants, Checkpoints checkpoints, AuditProperties properties,
			Clock clock) {
		this.checkpoints = checkpoints;
		this.properties = properties;
		this.stores = stores;
		this.tenants = tenants;
		this.clock = clock;
	}

	@Override
	public void control(AuditEvent event) {
		append(this.stores.control(), CONTROL, event);
	}

	@Override
	public void tenant(AuditEvent event) {
		if (event.tenantId() == null) {
			throw new IllegalArgumentException("an entry about customer data names its tenant");
		}
		append(this.stores.region(this.tenants.region(event.tenantId())), event.tenantId().toString(), event);
	}

	private void append(Store store, String chain, AuditEvent event) {
		try {
			store.tx().executeWithoutResult(status -> write(store, chain, event));
		}
		catch (RuntimeException ex) {
			// never the event's content: the cause's type and the chain are enough to act on
			log.error("Audit entry '{}' cannot be written to chain {} in store {}: {}", event.action(), chain,
					store.name(), ex.getClass().getSimpleName());
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Audit trail unavailable",
					"The action was not done, because its audit entry could not be written. Try again later.");
		}
	}

	private void write(Store store, String chain, AuditEvent event) {
		ChainHead head = ChainHead.lock(store.jdbc(), chain)
			.orElseThrow(() -> new IllegalStateException("chain " + chain + " has no head"));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		HttpServletRequest request = currentRequest();
		AuditRow draft = new AuditRow(chain, head.seq() + 1, now, event.actor().type().code(), event.actor().id(),
				event.tenantId(), clip(event.action(), 64), clip(event.resourceType(), 40), clip(event.resourceId(), 100),
				clip(event.subject(), 4000), event.success() ? "success" : "failure", clip(event.reason(), 64),
				request == null ? null : clip(request.getRemoteAddr(), 45),
				request == null ? null : clip(printable(request.getHeader("User-Agent")), 200),
				request == null ? null : requestId(request), head.hash(), null);
		String hash = draft.hash(head.hash());
		draft.withHash(hash).insert(store.jdbc());
		int moved = store.jdbc()
			.sql("update audit_head set seq = :seq, hash = :hash where chain = :chain and seq = :previous")
			.param("seq", draft.seq())
			.param("hash", hash)
			.param("chain", chain)
			.param("previous", head.seq())
			.update();
		if (moved != 1) {
			throw new IllegalStateException("the head of chain " + chain + " moved under its lock");
		}
		if (this.checkpoints.due(draft.seq()) && this.checkpoints.write(store, chain, draft.seq(), hash)) {
			seal(store, chain, draft.seq(), this.properties.sealEvery(), this.properties.checkpointEvery());
		}
	}

	/**
	 * At a signed checkpoint at {@code seq}, written in the caller's transaction: seals the
	 * chain's entries since its last segment or archive, when there are at least
	 * {@code sealEvery} of them. Segments end at signed checkpoints only, so whoever can write
	 * the tables cannot seal over the unsigned end of a chain (the database deletes a sealed
	 * entry only under a segment that ends at a checkpoint, see {@link AppendOnlyTrigger}).
	 * At most {@code sealEvery + checkpointEvery} entries back: entries written before segments
	 * existed stay rows. Under the head lock the caller's transaction holds.
	 */
	static void seal(Store store, String chain, long seq, int sealEvery, int checkpointEvery) {
		long after = Math.max(Segments.sealedTo(store.jdbc(), chain), ArchiveRecord.archivedTo(store, chain));
		if (seq - after >= sealEvery) {
			Segments.seal(store.jdbc(), chain, Math.max(after, seq - sealEvery - checkpointEvery) + 1, seq);
		}
	}

	private static HttpServletRequest currentRequest() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				? attributes.getRequest() : null;
	}

	/** The request's id: the client's {@code X-Request-Id} when well-formed, else a new one; the same for all its entries. */
	static String requestId(HttpServletRequest request) {
		if (request.getAttribute(REQUEST_ID) instanceof String id) {
			return id;
		}
		String given = request.getHeader("X-Request-Id");
		String id = given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
		request.setAttribute(REQUEST_ID, id);
		return id;
	}

	private static String printable(String value) {
		return value == null ? null : value.replaceAll("\\p{Cntrl}", "?");
	}

	private static String clip(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

}
