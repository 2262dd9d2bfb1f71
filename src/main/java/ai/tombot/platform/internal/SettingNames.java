package ai.tombot.platform.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds {@code tombot.*} settings that Tombot does not know, so that a misspelt setting (a
 * store URL under the wrong name, say) stops startup instead of being silently ignored while
 * the server falls back to a default. Unknown {@code TOMBOT_*} environment variables are
 * reported but tolerated, since the environment is shared with other programs.
 */
final class SettingNames {

	/**
	 * Known names, lower-case and without separators: Spring's relaxed binding accepts
	 * {@code tombot.http.max-body-size}, {@code TOMBOT_HTTP_MAXBODYSIZE} and
	 * {@code TOMBOT_HTTP_MAX_BODY_SIZE} for the same setting, so the check ignores dots,
	 * dashes and underscores alike.
	 */
	private static final Pattern KNOWN = Pattern.compile("tombot(" + String.join("|", "datadir", "httpsport",
			"httpport", "logformat", "controlstore(url|username|password|maxpoolsize)",
			"regions[a-z0-9]+(store(url|username|password|maxpoolsize)|masterkey)", "keys(cachettl|cachemaxentries|tenantkeyrotationperiod|kms(awsendpoint|gcpendpoint|gcpcredentials))", "audit(checkpointevery|checkpointinterval|checkpointfile|verifyinterval|archiveafter|archivedir|archiveinterval|sealevery)", "httpmaxbodysize",
			"auth(sessionidletimeout|sessionlifetime|lockoutthreshold|lockoutduration|throttlefailures|secret)", "tls(certificate|privatekey|keystore|keystorepassword)",
			"networktrustedproxies[0-9]*", "apiui", "javaopts", "test.*") + ")");

	private SettingNames() {
	}

	record Unknown(List<String> fromProperties, List<String> fromEnvironment) {
	}

	static Unknown find(ConfigurableEnvironment environment) {
		TreeSet<String> properties = new TreeSet<>();
		TreeSet<String> variables = new TreeSet<>();
		ConfigurationPropertyName root = ConfigurationPropertyName.of("tombot");
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			boolean fromEnvironment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
			iterable.filter(root::isAncestorOf).forEach(name -> {
				String normalized = name.toString().toLowerCase(Locale.ROOT).replaceAll("[-._\\[\\]]", "");
				if (!KNOWN.matcher(normalized).matches()) {
					(fromEnvironment ? variables : properties).add(name.toString());
				}
			});
		}
		return new Unknown(new ArrayList<>(properties), new ArrayList<>(variables));
	}

}
