package ai.tombot.platform.internal;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records in each store which store it is, and refuses to start when the configuration
 * points a store at another one's database: a region URL copied onto another region would
 * otherwise write one region's customer data into the other region, silently.
 */
final class StoreIdentity {

	private StoreIdentity() {
	}

	/**
	 * Before migrating: refuses a database that already says it is another store, so the
	 * answer is this clear message rather than a Flyway checksum error.
	 */
	static void refuseOtherStore(DataSource dataSource, StoreFactory.Kind kind, String region, String where) {
		List<String[]> rows;
		try {
			rows = read(JdbcClient.create(dataSource));
		}
		catch (DataAccessException ex) {
			return; // a new database, or one from before store identities: Flyway and verify() decide
		}
		if (!rows.isEmpty()) {
			check(rows.get(0), kind, region, where);
		}
	}

	private static List<String[]> read(JdbcClient jdbc) {
		return jdbc.sql("select kind, region from store_identity")
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
	}

	private static void check(String[] found, StoreFactory.Kind kind, String region, String where) {
		String expectedKind = kind.name().toLowerCase();
		String expectedRegion = region == null ? "-" : region;
		if (!found[0].equals(expectedKind) || !found[1].equals(expectedRegion)) {
			throw new StoreStartupException("The database of " + where + " belongs to another store: it is the "
					+ ("control".equals(found[0]) ? "control store" : "store of region '" + found[1] + "'")
					+ "; check the store URLs");
		}
	}

	static void verify(DataSource dataSource, StoreFactory.Kind kind, String region, String where) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		String expectedKind = kind.name().toLowerCase();
		String expectedRegion = region == null ? "-" : region;
		// Two nodes starting on a new database may both get here: the first insert wins, the
		// other does nothing, and both then check what is there.
		try {
			jdbc.sql("""
					insert into store_identity (id, kind, region)
					select 1, :kind, :region where not exists (select 1 from store_identity)""")
				.param("kind", expectedKind)
				.param("region", expectedRegion)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// another node recorded it between our check and our insert
		}
		check(read(jdbc).get(0), kind, region, where);
	}

}
