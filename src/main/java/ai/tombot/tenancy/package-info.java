/**
 * Tenancy: the tenants of the platform and where their data lives. A tenant is created by an
 * operator with a slug, a name and a region; the region is fixed for life, and the tenant's
 * home record is written to that region's store and no other, so residency shows in storage
 * from the first write. Tenant policies (redaction, retention, MFA, IP allowlist) join here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy")
package ai.tombot.tenancy;
