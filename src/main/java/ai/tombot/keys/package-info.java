/**
 * Keys: the only module that touches key material. Each region has a master key (a KMS key,
 * or a Tink keyset from an environment variable or a file); each tenant a key-encryption key
 * wrapped by its region's master key; each data subject a data key wrapped by its tenant's
 * key, made on first use. Customer data is encrypted with AES-256-GCM under the subject's key,
 * bound by associated data to its tenant, subject and record. Keys rotate without downtime,
 * and destroying a subject's key (crypto-shredding, recorded in the region's erasure ledger)
 * makes that subject's data unreadable everywhere it was copied. Key material never leaves
 * its region's store except unwrapped in this node's memory, and never reaches a log.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Keys")
package ai.tombot.keys;
