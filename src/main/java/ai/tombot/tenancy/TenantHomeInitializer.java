package ai.tombot.tenancy;

/**
 * Something every tenant needs in its region's store from its creation on (its key, for
 * one). Called in the transaction that writes the tenant's home record there: if it fails,
 * the tenant is not created.
 */
public interface TenantHomeInitializer {

	void initialize(Tenant tenant);

}
