package ai.tombot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL stores of one test class (the {@code …OnPostgresTests} subclasses): one set
 * the class shares, fresh sets on demand, all dropped by {@link #close()} after the class's
 * servers have stopped. Skips the test without PostgreSQL, as {@link PostgresTestDatabases} does.
 */
public final class PostgresStores implements AutoCloseable {

	private final List<PostgresTestDatabases> all = new ArrayList<>();

	private PostgresTestDatabases shared;

	private Map<String, String> sharedProperties;

	/** The class's set of stores, made at the first call; every node of the class uses it. */
	public synchronized Map<String, String> shared() {
		if (this.sharedProperties == null) {
			this.shared = databases();
			this.sharedProperties = this.shared.storeProperties();
		}
		return this.sharedProperties;
	}

	/** The server of the shared set, to make more databases or master keys on it. */
	public synchronized PostgresTestDatabases sharedDatabases() {
		shared();
		return this.shared;
	}

	/** A new, empty set of stores. */
	public synchronized Map<String, String> fresh() {
		return databases().storeProperties();
	}

	private PostgresTestDatabases databases() {
		PostgresTestDatabases databases = PostgresTestDatabases.require();
		this.all.add(databases);
		return databases;
	}

	@Override
	public synchronized void close() {
		this.all.forEach(PostgresTestDatabases::close);
		this.all.clear();
	}

}
