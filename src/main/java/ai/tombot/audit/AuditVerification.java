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

	/**
	 * Checks an audit export offline, with the public key of its header or, better, one
	 * obtained separately; prints the verdict.
	 *
	 * @return 0 when intact, 1 when altered, 2 when it cannot be read
	 */
	static int verifyExport(java.nio.file.Path export, java.nio.file.Path publicKeyset, PrintStream out) {
		return ai.tombot.audit.internal.ExportVerifier.verify(export, publicKeyset, out);
	}

}
