package ai.tombot.platform.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class SettingNamesTests {

	private SettingNames.Unknown unknownIn(Map<String, Object> properties, Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					variables));
		return SettingNames.find(environment);
	}

	@Test
	void knownSettings_inEverySpelling_areNotReported() {
		SettingNames.Unknown unknown = unknownIn(
				Map.of("tombot.data-dir", "d", "tombot.regions.ap2.store.max-pool-size", "3",
						"tombot.control.store.url", "u", "tombot.tls.private-key", "k", "tombot.auth.session-lifetime", "1h"),
				Map.of("TOMBOT_HTTP_MAX_BODY_SIZE", "5KB", "TOMBOT_HTTP_MAXBODYSIZE", "5KB", "TOMBOT_DATA_DIR", "d",
						"TOMBOT_REGIONS_EU_STORE_MAX_POOL_SIZE", "4", "TOMBOT_TLS_PRIVATE_KEY", "k", "TOMBOT_JAVA_OPTS", "-X"));
		assertThat(unknown.fromProperties()).isEmpty();
		assertThat(unknown.fromEnvironment()).isEmpty();
	}

	@Test
	void misspeltSettings_areReportedBySource() {
		SettingNames.Unknown unknown = unknownIn(Map.of("tombot.control.url", "u", "tombot.http-prot", "1"),
				Map.of("TOMBOT_CONTROL_STORE_URLL", "u"));
		assertThat(unknown.fromProperties()).containsExactly("tombot.control.url", "tombot.http-prot");
		assertThat(unknown.fromEnvironment()).containsExactly("tombot.control.store.urll");
	}

}
