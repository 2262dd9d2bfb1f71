/**
 * Identity: who is calling and what they may do. It owns the one-time setup of the first
 * platform operator; platform staff and tenant users, their roles and the one permission
 * matrix ({@link ai.tombot.identity.Permission}); passwords (Argon2id, the policy with its
 * common-password list and history); login with lockout and per-address throttling, and the
 * events it emits; opaque bearer sessions stored only as hashes; tenant isolation for every
 * {@code {tenant}} endpoint; and the HTTP security rules: every endpoint needs a valid
 * session unless it is explicitly public, and authentication and authorization failures are
 * answered as problem+json. MFA, API keys and network allowlists build on the tables laid
 * out here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package ai.tombot.identity;
