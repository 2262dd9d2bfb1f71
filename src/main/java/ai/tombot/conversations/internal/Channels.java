package ai.tombot.conversations.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;

/** A tenant's channels, in its region's store. A webhook secret is stored encrypted under the tenant's keys. */
@Repository
class Channels {

	static final List<String> KINDS = List.of("sms", "web", "whatsapp", "other");

	private final Stores stores;

	private final KeyService keys;

	Channels(Stores stores, KeyService keys) {
		this.stores = stores;
		this.keys = keys;
	}

	/** @param webhook whether the channel has a secret for checking its webhook's signatures */
	record Channel(UUID id, UUID tenantId, String name, String kind, boolean webhook, Instant createdAt) {
	}

	private Store store(Tenant tenant) {
		return this.stores.region(tenant.region());
	}

	/** @throws ApiProblem 409 when the tenant has a channel of that name */
	Channel create(Tenant tenant, String name, String kind, String webhookSecret, Instant now) {
		UUID id = UUID.randomUUID();
		byte[] secret = webhookSecret == null ? null
				: this.keys.encrypt(tenant.id(), owner(id), webhookSecret.getBytes(StandardCharsets.UTF_8), record(id));
		try {
			store(tenant).jdbc()
				.sql("insert into channel (id, tenant_id, name, kind, webhook_secret, created_at) "
						+ "values (:id, :tenant, :name, :kind, :secret, :now)")
				.param("id", id)
				.param("tenant", tenant.id())
				.param("name", name)
				.param("kind", kind)
				.param("secret", secret)
				.param("now", SqlTime.ts(now))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw ApiProblem.conflict(ProblemTypes.CONFLICT, "The tenant has a channel named '" + name + "' already");
		}
		return new Channel(id, tenant.id(), name, kind, secret != null, now);
	}

	List<Channel> list(Tenant tenant) {
		return store(tenant).jdbc()
			.sql("select * from channel where tenant_id = :tenant order by name")
			.param("tenant", tenant.id())
			.query(Channels::map)
			.list();
	}

	/** By id, or else by name; empty for another tenant's channel. */
	Optional<Channel> find(Tenant tenant, String idOrName) {
		if (idOrName == null || idOrName.isBlank()) {
			return Optional.empty();
		}
		JdbcClient jdbc = store(tenant).jdbc();
		UUID id = uuid(idOrName);
		if (id != null) {
			Optional<Channel> byId = jdbc.sql("select * from channel where tenant_id = :tenant and id = :id")
				.param("tenant", tenant.id())
				.param("id", id)
				.query(Channels::map)
				.optional();
			if (byId.isPresent()) {
				return byId;
			}
		}
		return jdbc.sql("select * from channel where tenant_id = :tenant and name = :name")
			.param("tenant", tenant.id())
			.param("name", idOrName)
			.query(Channels::map)
			.optional();
	}

	/** The channel's webhook secret; empty when it has none, or its subject key was destroyed. */
	Optional<String> webhookSecret(Tenant tenant, Channel channel) {
		byte[] secret = store(tenant).jdbc()
			.sql("select webhook_secret from channel where id = :id")
			.param("id", channel.id())
			.query((rs, n) -> rs.getBytes(1))
			.optional()
			.orElse(null);
		if (secret == null) {
			return Optional.empty();
		}
		return this.keys.decrypt(tenant.id(), owner(channel.id()), secret, record(channel.id())) instanceof Decrypted.Plaintext plain
				? Optional.of(new String(plain.bytes(), StandardCharsets.UTF_8)) : Optional.empty();
	}

	/** The key owner of a channel's secret: not a data subject's pseudonym, which start with {@code sub_}. */
	private static String owner(UUID channelId) {
		return "channel-" + channelId;
	}

	private static String record(UUID channelId) {
		return "channel/" + channelId;
	}

	static UUID uuid(String value) {
		if (value == null || value.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Channel map(ResultSet rs, int row) throws SQLException {
		return new Channel(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("name"),
				rs.getString("kind"), rs.getBytes("webhook_secret") != null, SqlTime.instant(rs, "created_at"));
	}

}
