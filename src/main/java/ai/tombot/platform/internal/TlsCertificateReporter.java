package ai.tombot.platform.internal;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs the SHA-256 fingerprint of the server certificate at startup, so that a client seeing
 * a self-signed certificate can check it is this server's before trusting it.
 */
@Component
class TlsCertificateReporter {

	private static final Logger log = LoggerFactory.getLogger(TlsCertificateReporter.class);

	private final SslBundles bundles;

	TlsCertificateReporter(SslBundles bundles) {
		this.bundles = bundles;
	}

	@EventListener(ApplicationReadyEvent.class)
	void report() throws KeyStoreException {
		KeyStore keyStore = this.bundles.getBundle(PlatformEnvironment.BUNDLE).getStores().getKeyStore();
		for (String alias : Collections.list(keyStore.aliases())) {
			Certificate certificate = keyStore.getCertificate(alias);
			if (certificate instanceof X509Certificate x509) {
				log.info("TLS certificate: subject '{}', expires {}, SHA-256 fingerprint {}",
						x509.getSubjectX500Principal().getName(), x509.getNotAfter().toInstant(), fingerprint(x509));
			}
		}
	}

	/** Upper-case hex pairs separated by colons, as {@code openssl x509 -fingerprint -sha256} prints. */
	static String fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot compute the certificate fingerprint", ex);
		}
	}

}
