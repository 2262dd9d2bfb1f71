package ai.tombot.platform;

import java.util.Set;

/**
 * Routes data to the store it belongs in. Control-plane data (tenants, platform users,
 * sessions) lives in {@link #control()}; everything about a tenant's customers lives in the
 * store of the tenant's region and nowhere else.
 */
public interface Stores {

	Store control();

	/**
	 * The store of a configured region.
	 * @throws UnknownRegionException when {@code region} is not configured
	 */
	Store region(String region);

	/** The configured region names, sorted. */
	Set<String> regions();

	/** The control store, then every region's store in the order of {@link #regions()}. */
	default java.util.List<Store> all() {
		java.util.List<Store> all = new java.util.ArrayList<>();
		all.add(control());
		regions().forEach(region -> all.add(region(region)));
		return all;
	}

	/** A region name that is not configured. */
	final class UnknownRegionException extends RuntimeException {

		private final String region;

		public UnknownRegionException(String region, Set<String> configured) {
			super("Region '" + region + "' is not configured; configured regions: " + configured);
			this.region = region;
		}

		public String region() {
			return this.region;
		}

	}

}
