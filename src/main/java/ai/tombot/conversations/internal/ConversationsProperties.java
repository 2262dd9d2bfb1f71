package ai.tombot.conversations.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the conversation data path.
 *
 * @param splitCardMessages how many consecutive inbound messages of a conversation (the new
 * one included) are looked at together for a card number typed across them
 * @param splitCardWindow how far back those messages may go
 * @param purgeInterval how often messages past their tenant's retention are purged (once
 * across the cluster)
 * @param webhookBaseUrl the scheme, host and port SMS gateways call, e.g.
 * {@code https://tombot.example.com}, for checking their signatures behind a reverse proxy;
 * unset: the URL the request arrived at
 */
@Validated
@ConfigurationProperties("tombot.conversations")
record ConversationsProperties(@Min(2) @Max(20) @DefaultValue("5") int splitCardMessages,
		@NotNull @DefaultValue("10m") Duration splitCardWindow, @NotNull @DefaultValue("1h") Duration purgeInterval,
		java.net.URI webhookBaseUrl) {

	ConversationsProperties {
		if (purgeInterval != null && purgeInterval.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("tombot.conversations.purge-interval must be at least 1m");
		}
	}

}
