/**
 * Identity: who is calling and what they may do. It owns the one-time setup of the first
 * platform operator, password hashing (Argon2id), login, opaque bearer sessions stored only
 * as hashes, and the HTTP security rules: every endpoint needs a valid session unless it is
 * explicitly public (setup, login, health, the API description), and authentication and
 * authorization failures are answered as problem+json. Tenant users, roles, lockout, MFA and
 * API keys build on the tables laid out here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package ai.tombot.identity;
