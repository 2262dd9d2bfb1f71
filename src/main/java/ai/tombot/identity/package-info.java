/**
 * Identity: who is calling and what they may do. It owns the one-time setup of the first
 * platform operator; platform staff and tenant users, their roles and the one permission
 * matrix ({@link ai.tombot.identity.Permission}); passwords (Argon2id, the policy with its
 * common-password list and history); login with lockout and per-address throttling, and the
 * events it emits; the TOTP second factor with its recovery codes, required of platform staff
 * and of the users of tenants whose policy says so; opaque bearer sessions stored only as
 * hashes; API keys for integrations, scoped to permissions and stored as peppered HMACs;
 * enforcement of tenants' network allowlists on sessions, API keys and logins; tenant
 * isolation for every {@code {tenant}} endpoint; and the HTTP security rules: every
 * endpoint needs a valid session or API key unless it is explicitly public, and
 * authentication and authorization failures are answered as problem+json.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package ai.tombot.identity;
