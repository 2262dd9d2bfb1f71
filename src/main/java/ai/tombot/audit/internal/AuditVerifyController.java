package ai.tombot.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.identity.Caller;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * Verification on demand: platform staff verify every chain, a tenant's admins and auditors
 * their tenant's. Each verification is itself an audit entry.
 */
@RestController
@PreAuthorize("hasAuthority('tombot:audit:read')")
@SecurityRequirement(name = "bearer")
@Tag(name = "Audit", description = "Verification of the hash-chained audit trail")
class AuditVerifyController {

	private final AuditVerifier verifier;

	private final AuditTrail trail;

	private final TenantService tenants;

	private final Stores stores;

	AuditVerifyController(AuditVerifier verifier, AuditTrail trail, TenantService tenants, Stores stores) {
		this.verifier = verifier;
		this.trail = trail;
		this.tenants = tenants;
		this.stores = stores;
	}

	@PostMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Verify every audit chain: the control store's and every tenant's",
			description = "Platform staff only. Walks each chain and names its first broken place: the entry, and "
					+ "whether it was modified, deleted, reordered or inserted.")
	Map<String, Object> verifyAll(@AuthenticationPrincipal Caller caller) {
		AuditQueryController.requirePlatformStaff(caller,
				"Only platform staff verify every chain; verify your tenant's with /api/v1/tenants/{tenant}/audit/verify");
		List<AuditVerifier.ChainReport> reports = this.verifier.verifyAll();
		this.trail.control(AuditEvent.success(AuditListeners.currentActor(), null, "audit.verify", "audit-chain", "all"));
		return answer(reports);
	}

	@PostMapping(path = "/api/v1/tenants/{tenant}/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Verify the tenant's audit chain")
	Map<String, Object> verifyTenant(@PathVariable String tenant) {
		Tenant found = this.tenants.require(tenant);
		AuditVerifier.ChainReport report = this.verifier.verify(this.stores.region(found.region()), found.id().toString());
		this.trail.tenant(AuditEvent.success(AuditListeners.currentActor(), found.id(), "audit.verify", "audit-chain",
				found.id().toString()));
		return answer(List.of(report));
	}

	static Map<String, Object> answer(List<AuditVerifier.ChainReport> reports) {
		List<Map<String, Object>> chains = new ArrayList<>();
		for (AuditVerifier.ChainReport report : reports) {
			Map<String, Object> chain = new LinkedHashMap<>();
			chain.put("store", report.store());
			chain.put("chain", report.chain());
			chain.put("entries", report.entries());
			chain.put("checkpoints", report.checkpoints());
			chain.put("intact", report.intact());
			if (!report.intact()) {
				chain.put("problem", Map.of("seq", report.problem().seq(), "kind", report.problem().kind(), "detail",
						report.problem().detail()));
			}
			chains.add(chain);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("intact", reports.stream().allMatch(AuditVerifier.ChainReport::intact));
		answer.put("chains", chains);
		return answer;
	}

}
