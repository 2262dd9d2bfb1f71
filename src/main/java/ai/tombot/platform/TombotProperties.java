package ai.tombot.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code tombot.*} settings of the platform. A bad value stops startup with a message
 * that names the property.
 *
 * @param dataDir where embedded stores, the TLS certificate and the setup token live
 * @param httpsPort the HTTPS port (0 picks a free one, for tests)
 * @param httpPort the plain HTTP port that only redirects to HTTPS; 0 disables it,
 * -1 picks a free one (for tests)
 * @param logFormat {@code text} or {@code json}
 * @param control the control store
 * @param regions the region stores by region name; {@code us} and {@code eu} by default
 * @param http limits on HTTP requests
 * @param network where requests come from
 */
@Validated
@ConfigurationProperties("tombot")
public record TombotProperties(@NotNull @DefaultValue("./tombot-data") Path dataDir,
		@Min(0) @Max(65535) @DefaultValue("8443") int httpsPort,
		@Min(-1) @Max(65535) @DefaultValue("8080") int httpPort,
		@NotNull @Pattern(regexp = "text|json", message = "must be 'text' or 'json'") @DefaultValue("text") String logFormat,
		@Valid @NotNull @DefaultValue Control control,
		@NotEmpty Map<@Pattern(regexp = "[a-z][a-z0-9-]{1,15}", message = "must be 2-16 characters of a-z, 0-9 and -, starting with a letter") String, @Valid @NotNull Region> regions,
		@Valid @NotNull @DefaultValue Http http, @Valid @NotNull @DefaultValue Network network) {

	public TombotProperties {
		regions = regions == null ? Map.of() : new TreeMap<>(regions);
	}

	/**
	 * Where a store lives.
	 *
	 * @param url a JDBC URL; empty means an embedded H2 database under the data directory
	 * @param username the database user; empty for embedded stores
	 * @param password the database password; never logged
	 * @param maxPoolSize the most connections the server opens to this store
	 * @param connectionTimeout how long a request waits for a connection to this store before
	 * it is answered 503 (the store is down, or every connection is busy)
	 */
	public record StoreSettings(@DefaultValue("") String url, @DefaultValue("") String username,
			@DefaultValue("") String password, @Min(1) @Max(200) @DefaultValue("10") int maxPoolSize,
			@DurationMin(millis = 250) @DurationMax(seconds = 60) @DefaultValue("2s") Duration connectionTimeout) {

		public boolean embedded() {
			return this.url.isBlank();
		}

		@Override
		public String toString() {
			return "StoreSettings[url=" + this.url + ", username=" + this.username + ", password=<hidden>]";
		}

	}

	/** The control plane: tenants, users, sessions; never customer data. */
	public record Control(@Valid @NotNull @DefaultValue StoreSettings store) {
	}

	/**
	 * A region: where a tenant's customer data is stored.
	 *
	 * @param masterKey where the region's master key is: {@code file:PATH} (a Tink keyset
	 * file), {@code env:VARIABLE} (a Tink keyset in JSON in an environment variable), or a Tink
	 * KMS key URI ({@code aws-kms://…}, {@code gcp-kms://…}); or {@code none}: this node has no
	 * master key for the region and cannot read or write its data. Empty means a keyset file
	 * made in {@code <data-dir>/keys/} for embedded stores, and {@code none} for external ones.
	 */
	public record Region(@Valid @NotNull @DefaultValue StoreSettings store, @NotNull @DefaultValue("") String masterKey) {

		@Override
		public String toString() {
			return "Region[store=" + this.store + ", masterKey=" + (this.masterKey.startsWith("env:")
					|| this.masterKey.startsWith("file:") || this.masterKey.contains("://") || this.masterKey.isEmpty()
					|| this.masterKey.equals("none")
							? this.masterKey : "<unrecognised>")
					+ "]";
		}

	}

	/**
	 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose
	 * {@code X-Forwarded-For} is believed; empty (the default) believes no one's
	 */
	public record Network(@NotNull @DefaultValue List<String> trustedProxies) {

		public Network {
			trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
		}

	}

	/** @param maxBodySize the largest request body accepted; larger ones answer 413 */
	public record Http(@NotNull @DefaultValue("1MB") DataSize maxBodySize) {
	}

}
