package ai.tombot.audit.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.identity.Caller;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * The audit trail for auditors: a tenant's chain for its admins and auditors (and operators),
 * the control chain for platform staff. Newest first, a page at a time; each read is itself
 * an entry of the chain it read.
 */
@RestController
@PreAuthorize("hasAuthority('tombot:audit:read')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Audit")
class AuditQueryController {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.:_-]{1,64}");

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	private static final int MAX_LIMIT = 500;

	private final Stores stores;

	private final TenantService tenants;

	private final AuditTrail trail;

	AuditQueryController(Stores stores, TenantService tenants, AuditTrail trail) {
		this.stores = stores;
		this.tenants = tenants;
		this.trail = trail;
	}

	/** The filters of a query, checked. */
	record Filter(Instant from, Instant to, String actor, String action, String subject, String outcome, Long before,
			int limit) {

		/** Whether {@code row} passes the filter: the same test as the SQL that {@link #page} builds. */
		boolean matches(AuditRow row) {
			return (this.from == null || !row.at().isBefore(this.from)) && (this.to == null || row.at().isBefore(this.to))
					&& (this.actor == null || this.actor.equals(
							this.actor.equals("system") || this.actor.equals("anonymous") ? row.actorType() : row.actorId()))
					&& (this.action == null || this.action.equals(row.action()))
					&& (this.subject == null || this.subject.equals(row.subject()))
					&& (this.outcome == null || this.outcome.equals(row.outcome()));
		}

	}

	@GetMapping(path = "/api/v1/tenants/{tenant}/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The tenant's audit trail, newest first",
			description = "Filters: from and to (ISO-8601 instants; from inclusive, to exclusive), actor (a user's or "
					+ "API key's id, or system, anonymous), action, subject (a pseudonym), outcome (success, failure). "
					+ "Pages of limit entries (at most 500); nextCursor fetches the next page.")
	Map<String, Object> tenantTrail(@PathVariable String tenant, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String subject,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) Integer limit) {
		Tenant found = this.tenants.require(tenant);
		Filter filter = filter(from, to, actor, action, subject, outcome, cursor, limit);
		Map<String, Object> page = page(this.stores.region(found.region()), found.id().toString(), filter);
		this.trail.tenant(AuditEvent.success(AuditListeners.currentActor(), found.id(), "audit.read", "audit-chain",
				found.id().toString()));
		return page;
	}

	@GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The control-plane audit trail, newest first (platform staff)",
			description = "The same filters and pages as a tenant's trail.")
	Map<String, Object> controlTrail(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String subject,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) Integer limit) {
		requirePlatformStaff(caller, "The control-plane trail is for platform staff; read your tenant's at "
				+ "/api/v1/tenants/{tenant}/audit");
		Filter filter = filter(from, to, actor, action, subject, outcome, cursor, limit);
		Map<String, Object> page = page(this.stores.control(), ChainWriter.CONTROL, filter);
		this.trail.control(AuditEvent.success(AuditListeners.currentActor(), null, "audit.read", "audit-chain",
				ChainWriter.CONTROL));
		return page;
	}

	/** 403 for a tenant's users: what follows spans every tenant, or none. */
	static void requirePlatformStaff(Caller caller, String detail) {
		if (!caller.platformStaff()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
		}
	}

	static Filter filter(String from, String to, String actor, String action, String subject, String outcome,
			String cursor, Integer limit) {
		Instant start = instant("from", from);
		Instant end = instant("to", to);
		if (start != null && end != null && !start.isBefore(end)) {
			throw ApiProblem.invalid("to", "must be after from");
		}
		if (actor != null && !ID.matcher(actor).matches()) {
			throw ApiProblem.invalid("actor", "is an id, system or anonymous");
		}
		if (action != null && !TOKEN.matcher(action).matches()) {
			throw ApiProblem.invalid("action", "is an action name such as login or api-key.create");
		}
		if (subject != null && !ID.matcher(subject).matches()) {
			throw ApiProblem.invalid("subject", "is a data subject's pseudonym");
		}
		if (outcome != null && !outcome.equals("success") && !outcome.equals("failure")) {
			throw ApiProblem.invalid("outcome", "is success or failure");
		}
		Long before = null;
		if (cursor != null) {
			try {
				before = Long.parseLong(cursor);
			}
			catch (NumberFormatException ex) {
				throw ApiProblem.invalid("cursor", "is the nextCursor of a previous page");
			}
			if (before < 1) {
				throw ApiProblem.invalid("cursor", "is the nextCursor of a previous page");
			}
		}
		int size = limit == null ? 100 : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return new Filter(start, end, actor, action, subject, outcome, before, size);
	}

	private static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw ApiProblem.invalid(name, "is an ISO-8601 instant such as 2026-01-31T00:00:00Z");
		}
	}

	/** Sequence numbers per query when paging backwards through a chain (see {@link #page}). */
	private static final long WINDOW = 10_000;

	/** Windows one request reads at most (a million entries); a page that stops there has a cursor. */
	private static final int MAX_WINDOWS = 100;

	static Map<String, Object> page(Store store, String chain, Filter filter) {
		StringBuilder sql = new StringBuilder("select " + AuditRow.COLUMNS + " from audit_entry where chain = :chain "
				+ "and seq >= :lower and seq <= :upper");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("chain", chain);
		if (filter.from() != null) {
			sql.append(" and at >= :from");
			params.put("from", SqlTime.ts(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and at < :to");
			params.put("to", SqlTime.ts(filter.to()));
		}
		if (filter.actor() != null) {
			if (filter.actor().equals("system") || filter.actor().equals("anonymous")) {
				sql.append(" and actor_type = :actor");
			}
			else {
				sql.append(" and actor_id = :actor");
			}
			params.put("actor", filter.actor());
		}
		if (filter.action() != null) {
			sql.append(" and action = :action");
			params.put("action", filter.action());
		}
		if (filter.subject() != null) {
			sql.append(" and subject = :subject");
			params.put("subject", filter.subject());
		}
		if (filter.outcome() != null) {
			sql.append(" and outcome = :outcome");
			params.put("outcome", filter.outcome());
		}
		sql.append(" order by seq desc limit :limit");
		// newest first, a window of sequence numbers at a time, each bounded on both sides: H2
		// sorts what a query selects, and a whole chain per page would be sorted otherwise
		// from the chain's head down to its first entry after its archives: no scan to find them
		long highest = ChainHead.read(store.jdbc(), chain).map(ChainHead::seq).orElse(0L);
		long lowest = ArchiveRecord.archivedTo(store, chain) + 1;
		List<AuditRow> rows = new ArrayList<>();
		Long resumeBefore = null;
		if (highest >= lowest) {
			long upper = filter.before() != null ? Math.min(filter.before() - 1, highest) : highest;
			int windows = 0;
			while (rows.size() <= filter.limit() && upper >= lowest) {
				if (windows++ == MAX_WINDOWS) {
					// a filter that matches little: a shorter page, and a cursor to go on from
					resumeBefore = upper + 1;
					break;
				}
				long lower = Math.max(lowest, upper - WINDOW + 1);
				JdbcClient.StatementSpec statement = store.jdbc()
					.sql(sql.toString())
					.param("lower", lower)
					.param("upper", upper)
					.param("limit", filter.limit() + 1 - rows.size());
				for (Map.Entry<String, Object> param : params.entrySet()) {
					statement = statement.param(param.getKey(), param.getValue());
				}
				// the rows first, then the segments: entries a writer seals meanwhile are read twice, alike
				List<AuditRow> found = new ArrayList<>(statement.query(AuditRow.MAPPER).list());
				Map<Long, AuditRow> unsealed = new java.util.HashMap<>();
				found.forEach(row -> unsealed.put(row.seq(), row));
				for (AuditRow row : sealed(store, chain, filter, lower, upper, filter.limit() + 1 - rows.size())) {
					if (!row.equals(unsealed.get(row.seq()))) {
						found.add(row);
					}
				}
				found.sort(java.util.Comparator.comparingLong(AuditRow::seq).reversed());
				rows.addAll(found.subList(0, Math.min(found.size(), filter.limit() + 1 - rows.size())));
				upper = lower - 1;
			}
		}
		boolean more = rows.size() > filter.limit();
		List<Map<String, Object>> entries = new ArrayList<>();
		for (AuditRow row : rows.subList(0, Math.min(rows.size(), filter.limit()))) {
			entries.add(json(store.name(), row));
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("entries", entries);
		page.put("nextCursor", more ? Long.toString(rows.get(filter.limit() - 1).seq())
				: resumeBefore != null ? Long.toString(resumeBefore) : null);
		return page;
	}

	/**
	 * The newest {@code wanted} sealed entries {@code lower} to {@code upper} of the chain that
	 * pass the filter (see {@link Segments}), newest first: segments are read newest first until
	 * there are enough, and one whose times lie outside the filter's is not read.
	 */
	private static List<AuditRow> sealed(Store store, String chain, Filter filter, long lower, long upper, int wanted) {
		List<AuditRow> found = new ArrayList<>();
		List<Long> ends = Segments.ends(store.jdbc(), chain, lower, upper,
				filter.from() == null ? Instant.EPOCH : filter.from(),
				filter.to() == null ? Segments.END_OF_TIME : filter.to());
		for (int i = ends.size() - 1; i >= 0 && found.size() < wanted; i--) {
			for (Segments.Segment segment : Segments.ending(store.jdbc(), chain, ends.get(i)).stream().toList()) {
				List<AuditRow> entries = SegmentFormat.decode(segment);
				for (int e = entries.size() - 1; e >= 0; e--) {
					AuditRow row = entries.get(e);
					if (row.seq() >= lower && row.seq() <= upper && filter.matches(row)) {
						found.add(row);
					}
				}
			}
		}
		return found;
	}

	/** An entry as the API and exports show it: every stored field. */
	static Map<String, Object> json(String store, AuditRow row) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("store", store);
		entry.put("chain", row.chain());
		entry.put("seq", row.seq());
		entry.put("at", row.at().toString());
		Map<String, Object> actor = new LinkedHashMap<>();
		actor.put("type", row.actorType());
		actor.put("id", row.actorId());
		entry.put("actor", actor);
		entry.put("tenantId", row.tenantId() == null ? null : row.tenantId().toString());
		entry.put("action", row.action());
		Map<String, Object> resource = new LinkedHashMap<>();
		resource.put("type", row.resourceType());
		resource.put("id", row.resourceId());
		entry.put("resource", resource);
		entry.put("subject", row.subject());
		entry.put("outcome", row.outcome());
		entry.put("reason", row.reason());
		entry.put("sourceAddress", row.sourceAddress());
		entry.put("userAgent", row.userAgent());
		entry.put("requestId", row.requestId());
		entry.put("prevHash", row.prevHash());
		entry.put("hash", row.hash());
		return entry;
	}

}
