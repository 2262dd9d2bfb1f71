package ai.tombot.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.identity.Caller;
import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * Exports a range of a chain as JSON Lines: a header with the store's public key, the entries
 * (extended to the next signed checkpoint, so that every entry is covered by a signature
 * where one exists), then the checkpoints among them. {@code ./tombot audit verify-export}
 * checks such a file with nothing but the public key.
 */
@RestController
@PreAuthorize("hasAuthority('tombot:audit:read')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Audit")
class AuditExportController {

	static final String FORMAT = "tombot-audit-export-v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int PAGE = 1000;

	private final Stores stores;

	private final TenantService tenants;

	private final AuditTrail trail;

	private final AuditSigner signer;

	private final Clock clock;

	AuditExportController(Stores stores, TenantService tenants, AuditTrail trail, AuditSigner signer, Clock clock) {
		this.stores = stores;
		this.tenants = tenants;
		this.trail = trail;
		this.signer = signer;
		this.clock = clock;
	}

	@GetMapping(path = "/api/v1/tenants/{tenant}/audit/export", produces = "application/x-ndjson")
	@Operation(summary = "Export a range of the tenant's audit trail with its signed checkpoints (JSON Lines)",
			description = "from and to (ISO-8601 instants) bound the range; entries up to the next checkpoint follow "
					+ "so that the range is covered by a signature. Verify with ./tombot audit verify-export.")
	void tenantExport(@PathVariable String tenant, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
		Tenant found = this.tenants.find(tenant).orElseThrow(() -> ApiProblem.notFound("Tenant '" + tenant + "'"));
		AuditQueryController.Filter filter = AuditQueryController.filter(from, to, null, null, null, null, null, null);
		this.trail.tenant(AuditEvent.success(AuditListeners.currentActor(), found.id(), "audit.export", "audit-chain",
				found.id().toString()));
		export(this.stores.region(found.region()), found.id().toString(), filter, tenant, response);
	}

	@GetMapping(path = "/api/v1/audit/export", produces = "application/x-ndjson")
	@Operation(summary = "Export a range of the control-plane audit trail (platform staff)")
	void controlExport(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
		if (!caller.platformStaff()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
					"The control-plane trail is for platform staff");
		}
		AuditQueryController.Filter filter = AuditQueryController.filter(from, to, null, null, null, null, null, null);
		this.trail.control(AuditEvent.success(AuditListeners.currentActor(), null, "audit.export", "audit-chain",
				ChainWriter.CONTROL));
		export(this.stores.control(), ChainWriter.CONTROL, filter, ChainWriter.CONTROL, response);
	}

	/** Written in the request's own thread: the range is fixed first, then streamed page by page. */
	private void export(Store store, String chain, AuditQueryController.Filter filter, String name,
			HttpServletResponse response) throws IOException {
		// the range, as sequence numbers, fixed before anything is written
		Long first = store.jdbc()
			.sql("select min(seq) from audit_entry where chain = :chain and at >= :from and at < :to")
			.param("chain", chain)
			.param("from", SqlTime.ts(filter.from() == null ? java.time.Instant.EPOCH : filter.from()))
			.param("to", SqlTime.ts(filter.to() == null ? this.clock.instant().plusSeconds(86_400) : filter.to()))
			.query(Long.class)
			.optional()
			.orElse(null);
		Long last = store.jdbc()
			.sql("select max(seq) from audit_entry where chain = :chain and at >= :from and at < :to")
			.param("chain", chain)
			.param("from", SqlTime.ts(filter.from() == null ? java.time.Instant.EPOCH : filter.from()))
			.param("to", SqlTime.ts(filter.to() == null ? this.clock.instant().plusSeconds(86_400) : filter.to()))
			.query(Long.class)
			.optional()
			.orElse(null);
		if (last != null) {
			Long covering = store.jdbc()
				.sql("select min(seq) from audit_checkpoint where chain = :chain and seq >= :last")
				.param("chain", chain)
				.param("last", last)
				.query(Long.class)
				.optional()
				.orElse(null);
			if (covering != null) {
				last = covering;
			}
		}
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("type", "header");
		header.put("format", FORMAT);
		header.put("store", store.name());
		header.put("chain", chain);
		header.put("exportedAt", this.clock.instant().toString());
		header.put("publicKeyset", this.signer.publicKeyset(store.name()));
		Long start = first;
		Long end = last;
		response.setContentType("application/x-ndjson");
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + name + ".jsonl\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		OutputStream out = response.getOutputStream();
		line(out, header);
		if (start != null && end != null) {
			for (long from = start; from <= end; from += PAGE) {
				List<AuditRow> rows = store.jdbc()
					.sql("select " + AuditRow.COLUMNS + " from audit_entry where chain = :chain and seq >= :from "
							+ "and seq <= :to order by seq")
					.param("chain", chain)
					.param("from", from)
					.param("to", Math.min(end, from + PAGE - 1))
					.query(AuditRow.MAPPER)
					.list();
				for (AuditRow row : rows) {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("type", "entry");
					entry.putAll(AuditQueryController.json(store.name(), row));
					line(out, entry);
				}
			}
			for (Checkpoints.Checkpoint checkpoint : store.jdbc()
				.sql("select chain, seq, head_hash, at, signature from audit_checkpoint where chain = :chain "
						+ "and seq >= :from and seq <= :to order by seq")
				.param("chain", chain)
				.param("from", start)
				.param("to", end)
				.query((rs, row) -> new Checkpoints.Checkpoint(rs.getString("chain"), rs.getLong("seq"),
						rs.getString("head_hash"), SqlTime.instant(rs, "at"), rs.getString("signature")))
				.list()) {
				Map<String, Object> line = new LinkedHashMap<>();
				line.put("type", "checkpoint");
				line.put("seq", checkpoint.seq());
				line.put("headHash", checkpoint.headHash());
				line.put("at", checkpoint.at().toString());
				line.put("signature", checkpoint.signature());
				line(out, line);
			}
		}
		out.flush();
	}

	private static void line(OutputStream out, Map<String, Object> value) throws IOException {
		out.write(JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
		out.write('\n');
	}

}
