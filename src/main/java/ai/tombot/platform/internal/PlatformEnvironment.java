package ai.tombot.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.SettingsException;

/**
 * Turns {@code tombot.*} settings into the Spring Boot settings they stand for, before the
 * context starts: the TLS certificate (an SSL bundle named {@code tombot}: a PEM pair, a
 * PKCS#12 keystore, or in embedded mode a self-signed certificate made on first start) with
 * the TLS protocols and cipher suites Tombot allows, and the log format.
 */
class PlatformEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String BUNDLE = "tombot";

	/** TLS 1.3 and the Mozilla "intermediate" TLS 1.2 suites (forward secret, AEAD only). */
	static final String CIPHERS = String.join(",", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
			"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	static final String PROTOCOLS = "TLSv1.3,TLSv1.2";

	private final Log log;

	PlatformEnvironment(DeferredLogFactory logs) {
		this.log = logs.getLog(PlatformEnvironment.class);
	}

	@Override
	public int getOrder() {
		// after the config files and the environment variables have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		SettingNames.Unknown unknown = SettingNames.find(environment);
		if (!unknown.fromEnvironment().isEmpty()) {
			this.log.warn("Ignoring unknown Tombot environment variables (as settings): " + unknown.fromEnvironment());
		}
		if (!unknown.fromProperties().isEmpty()) {
			throw new SettingsException("Unknown Tombot settings: " + unknown.fromProperties()
					+ "; see README.md for the settings Tombot has", null);
		}
		Binder binder = Binder.get(environment);
		createDataDirectory(binder.bind("tombot.data-dir", Path.class).orElse(Path.of("./tombot-data")));
		Map<String, Object> derived = new LinkedHashMap<>();
		if ("json".equals(binder.bind("tombot.log-format", String.class).orElse("text"))) {
			derived.put("logging.structured.format.console", "ecs");
		}
		tls(binder, derived);
		environment.getPropertySources().addFirst(new MapPropertySource("tombot-derived", derived));
	}

	private void tls(Binder binder, Map<String, Object> derived) {
		String certificate = binder.bind("tombot.tls.certificate", String.class).orElse("");
		String privateKey = binder.bind("tombot.tls.private-key", String.class).orElse("");
		String keystore = binder.bind("tombot.tls.keystore", String.class).orElse("");
		String prefix;
		if (!keystore.isBlank()) {
			prefix = "spring.ssl.bundle.jks." + BUNDLE + ".";
			derived.put(prefix + "keystore.location", keystore);
			derived.put(prefix + "keystore.type", "PKCS12");
			binder.bind("tombot.tls.keystore-password", String.class)
				.ifBound(password -> derived.put(prefix + "keystore.password", password));
		}
		else {
			prefix = "spring.ssl.bundle.pem." + BUNDLE + ".";
			if (certificate.isBlank() != privateKey.isBlank()) {
				throw new SettingsException(
						"tombot.tls.certificate and tombot.tls.private-key must be set together (one is missing)", null);
			}
			if (certificate.isBlank()) {
				Path dir = binder.bind("tombot.data-dir", Path.class).orElse(Path.of("./tombot-data")).resolve("tls");
				selfSigned(dir);
				certificate = "file:" + dir.resolve("server.crt").toAbsolutePath();
				privateKey = "file:" + dir.resolve("server.key").toAbsolutePath();
			}
			derived.put(prefix + "keystore.certificate", certificate);
			derived.put(prefix + "keystore.private-key", privateKey);
		}
		derived.put(prefix + "options.ciphers", CIPHERS);
		derived.put(prefix + "options.enabled-protocols", PROTOCOLS);
		derived.put("server.ssl.bundle", BUNDLE);
	}

	/** A new data directory is made private (0700); an existing one keeps the mode it has. */
	private void createDataDirectory(Path dir) {
		if (Files.isDirectory(dir)) {
			return;
		}
		try {
			PrivateFiles.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new SettingsException("Cannot create the data directory " + dir.toAbsolutePath() + " (tombot.data-dir): "
					+ ex.getMessage(), ex);
		}
	}

	private void selfSigned(Path dir) {
		try {
			// the wall clock: this runs before the context (and its Clock bean) exists;
			// SelfSignedCertificate itself takes the instant, and its tests pass fixed ones
			if (SelfSignedCertificate.ensure(dir, Instant.now())) {
				this.log.info("Made a self-signed TLS certificate for localhost in " + dir.toAbsolutePath()
						+ " (embedded mode; set tombot.tls.certificate and tombot.tls.private-key for production)");
			}
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new SettingsException("Cannot make the self-signed TLS certificate in " + dir.toAbsolutePath()
					+ ": " + ex.getMessage(), ex);
		}
	}

}
