package ai.tombot.audit;

import java.io.PrintStream;

/** Verification of the audit chains, for {@code ./tombot audit verify}. */
public interface AuditVerification {

	/**
	 * Verifies every chain of every store this node reaches, or only the tenant's when a slug
	 * is given; prints one line per chain. A broken chain also raises {@link AuditTamperDetected}.
	 *
	 * @return true when every chain verified is intact
	 * @throws IllegalArgumentException for an unknown tenant
	 */
	boolean verify(String tenantSlug, PrintStream out);

}
