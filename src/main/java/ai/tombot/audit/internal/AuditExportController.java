package ai.tombot.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
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

	private final Stores stores;

	private final TenantService tenants;

	private final AuditTrail trail;

	private final AuditSigner signer;

	private final Clock clock;

	private final Checkpoints checkpoints;

	private final ExportWriter writer;

	AuditExportController(Stores stores, TenantService tenants, AuditTrail trail, AuditSigner signer,
			Checkpoints checkpoints, ExportWriter writer, Clock clock) {
		this.checkpoints = checkpoints;
		this.writer = writer;
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
		Tenant found = this.tenants.require(tenant);
		AuditQueryController.Filter filter = AuditQueryController.filter(from, to, null, null, null, null, null, null);
		export(this.stores.region(found.region()), found.id().toString(), filter, tenant, response,
				() -> this.trail.tenant(AuditEvent.success(AuditListeners.currentActor(), found.id(), "audit.export",
						"audit-chain", found.id().toString())));
	}

	@GetMapping(path = "/api/v1/audit/export", produces = "application/x-ndjson")
	@Operation(summary = "Export a range of the control-plane audit trail (platform staff)")
	void controlExport(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
		AuditQueryController.requirePlatformStaff(caller, "The control-plane trail is for platform staff");
		AuditQueryController.Filter filter = AuditQueryController.filter(from, to, null, null, null, null, null, null);
		export(this.stores.control(), ChainWriter.CONTROL, filter, ChainWriter.CONTROL, response,
				() -> this.trail.control(AuditEvent.success(AuditListeners.currentActor(), null, "audit.export",
						"audit-chain", ChainWriter.CONTROL)));
	}

	@GetMapping(path = "/api/v1/audit/public-keys", produces = "application/json")
	@Operation(summary = "The public keys that sign audit checkpoints and exports, one per store (platform staff)",
			description = "Pin these (or their fingerprints, also logged at every start) to verify exports offline.")
	Map<String, Object> publicKeys(@AuthenticationPrincipal Caller caller) {
		AuditQueryController.requirePlatformStaff(caller, "The stores' public keys are for platform staff");
		Map<String, Object> keys = new LinkedHashMap<>();
		List<String> names = new java.util.ArrayList<>(List.of(ChainWriter.CONTROL));
		names.addAll(this.stores.regions());
		for (String store : names) {
			try {
				keys.put(store, Map.of("publicKeyset", this.signer.publicKeyset(store), "fingerprint",
						this.signer.fingerprint(store)));
			}
			catch (ApiProblem unavailable) {
				keys.put(store, Map.of("unavailable", "this node has no master key for the region"));
			}
		}
		return keys;
	}

	/**
	 * Written in the request's own thread. First the audit entry of the export, then a signed
	 * checkpoint of the head (so that every exported entry is covered by a signature), then the
	 * range, fixed as sequence numbers and named in a signed header, then the lines page by page.
	 */
	private void export(Store store, String chain, AuditQueryController.Filter filter, String name,
			HttpServletResponse response, Runnable audited) throws IOException {
		String publicKeyset = this.signer.publicKeyset(store.name()); // 503 here, before anything is recorded
		audited.run();
		this.checkpoints.checkpointHead(store, chain);
		// the range, as sequence numbers, fixed before anything is written
		long[] range = Segments.timed(store.jdbc(), chain,
				filter.from() == null ? java.time.Instant.EPOCH : filter.from(),
				filter.to() == null ? this.clock.instant().plusSeconds(86_400) : filter.to());
		Long first = range == null ? null : range[0];
		Long last = range == null ? null : range[1];
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
		response.setContentType("application/x-ndjson");
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + name + ".jsonl\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		OutputStream out = response.getOutputStream();
		this.writer.write(store, chain, first, last, publicKeyset, out);
		out.flush();
	}

}
