/**
 * Audit: the one writer of Tombot's audit trail. Every access to customer data and every
 * security-relevant action is an entry in a hash chain: one chain per tenant in its region's
 * store, in the transaction of the action it describes, and one chain of control-plane
 * actions in the control store. An entry that cannot be written fails its action (fail
 * closed). Entries hold ids and pseudonyms only: never message text, passwords, tokens, key
 * material or raw identifiers. Verification walks the chains and names the first entry that
 * was modified, deleted, reordered or inserted.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package ai.tombot.audit;
