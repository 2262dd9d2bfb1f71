package ai.tombot.conversations.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;

import ai.tombot.PostgresStores;
import ai.tombot.platform.Stores;

/** The ingest journey with every store on PostgreSQL; the raw scan reads every row of every table. */
class MessageIngestJourneyOnPostgresTests extends MessageIngestJourneyTests {

	private final PostgresStores postgres = new PostgresStores();

	private Map<String, String> properties;

	@Override
	Map<String, String> storeProperties() {
		if (this.properties == null) {
			this.properties = this.postgres.fresh();
		}
		return this.properties;
	}

	@Override
	List<String> rawStores(ConversationFixture fixture) {
		List<String> raw = new ArrayList<>();
		if (fixture == null) {
			return raw;
		}
		for (var store : fixture.tombot.bean(Stores.class).all()) {
			for (String table : store.jdbc()
				.sql("select table_name from information_schema.tables where table_schema = current_schema()")
				.query(String.class)
				.list()) {
				store.jdbc().sql("select * from " + table).query((rs, n) -> {
					StringBuilder row = new StringBuilder(store.name() + "." + table + ":");
					for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
						Object value = rs.getObject(i);
						row.append(' ').append(value instanceof byte[] bytes
								? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(value));
					}
					return row.toString();
				}).list().forEach(raw::add);
			}
		}
		return raw;
	}

	@AfterEach
	void drop() {
		this.postgres.close();
		this.properties = null;
	}

}
