package ai.tombot.keys.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Key settings.
 *
 * @param cacheTtl how long an unwrapped key stays in this node's memory; also how long another
 * node may still decrypt a subject's data after its key was destroyed elsewhere
 * @param cacheMaxEntries how many unwrapped subject keys this node keeps at most
 * @param tenantKeyRotationPeriod a tenant's key is rotated automatically when its primary
 * version is this old
 * @param kms how to reach the KMS of {@code aws-kms://} and {@code gcp-kms://} master keys
 */
@Validated
@ConfigurationProperties("tombot.keys")
record KeysProperties(@NotNull @DefaultValue("60s") Duration cacheTtl,
		@Min(100) @Max(10_000_000) @DefaultValue("100000") int cacheMaxEntries,
		@NotNull @DefaultValue("90d") Duration tenantKeyRotationPeriod, @NotNull @DefaultValue Kms kms) {

	/**
	 * @param awsEndpoint another AWS KMS endpoint (a VPC endpoint); unset: AWS's own, from the
	 * key's region. Credentials come from the AWS SDK's default chain.
	 * @param gcpEndpoint another Google Cloud KMS endpoint (Private Service Connect); unset: Google's own
	 * @param gcpCredentials a service-account key file; unset: Google's application-default credentials
	 */
	record Kms(URI awsEndpoint, URI gcpEndpoint, Path gcpCredentials) {

		Kms {
			for (URI endpoint : new URI[] { awsEndpoint, gcpEndpoint }) {
				if (endpoint != null && !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme())
						&& endpoint.getHost() != null && isLoopback(endpoint.getHost()))) {
					throw new IllegalArgumentException(
							"a KMS endpoint (tombot.keys.kms.*-endpoint) must be https://, or http:// on a loopback address");
				}
			}
		}

		/** A loopback address literal, or {@code localhost}: never a name DNS could point elsewhere. */
		private static boolean isLoopback(String host) {
			return host.equals("localhost") || host.equals("[::1]")
					|| host.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
		}

	}

	static KeysProperties defaults() {
		return new KeysProperties(Duration.ofSeconds(60), 100_000, Duration.ofDays(90), new Kms(null, null, null));
	}

}
