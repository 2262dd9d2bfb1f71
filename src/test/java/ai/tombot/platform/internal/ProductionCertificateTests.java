package ai.tombot.platform.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.pem.PemContent;

import ai.tombot.RunningTombot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A production certificate, given as a PEM pair or as a PKCS#12 keystore, is the one the
 * server presents, with the same TLS restrictions as the embedded one, and no self-signed
 * certificate is made.
 */
class ProductionCertificateTests {

	@TempDir
	Path dataDir;

	@TempDir
	Path certDir;

	@Test
	void pemCertificate_isServedAndNoSelfSignedOneIsMade() throws Exception {
		SelfSignedCertificate.ensure(this.certDir, Instant.now());
		Path cert = this.certDir.resolve("server.crt");
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, Map.of("tombot.tls.certificate", "file:" + cert,
				"tombot.tls.private-key", "file:" + this.certDir.resolve("server.key")))) {
			assertThat(presented(tombot.port(), cert, "TLSv1.3")).isEqualTo(load(cert));
			assertThatThrownBy(() -> presented(tombot.port(), cert, "TLSv1.1")).isInstanceOf(SSLHandshakeException.class);
			assertThat(this.dataDir.resolve("tls")).doesNotExist();
		}
	}

	@Test
	void pkcs12Keystore_isServed() throws Exception {
		SelfSignedCertificate.ensure(this.certDir, Instant.now());
		Path cert = this.certDir.resolve("server.crt");
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		keyStore.setKeyEntry("tombot", PemContent.load(this.certDir.resolve("server.key")).getPrivateKey(),
				"store-pass-1".toCharArray(), new Certificate[] { load(cert) });
		Path p12 = this.certDir.resolve("server.p12");
		try (OutputStream out = Files.newOutputStream(p12)) {
			keyStore.store(out, "store-pass-1".toCharArray());
		}
		try (RunningTombot tombot = RunningTombot.start(this.dataDir,
				Map.of("tombot.tls.keystore", "file:" + p12, "tombot.tls.keystore-password", "store-pass-1"))) {
			assertThat(presented(tombot.port(), cert, "TLSv1.2")).isEqualTo(load(cert));
			assertThatThrownBy(() -> presented(tombot.port(), cert, "TLSv1.1")).isInstanceOf(SSLHandshakeException.class);
		}
	}

	@Test
	void certificateWithoutKey_stopsStartupNamingBothSettings() {
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir, Map.of("tombot.tls.certificate", "file:/nowhere.crt")))
			.hasStackTraceContaining("tombot.tls.certificate and tombot.tls.private-key must be set together");
	}

	private static X509Certificate presented(int port, Path trusted, String protocol) throws IOException {
		SSLContext context = RunningTombot.trusting(trusted);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
			socket.setSoTimeout(10_000);
			socket.setEnabledProtocols(new String[] { protocol });
			socket.startHandshake();
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	private static X509Certificate load(Path cert) throws Exception {
		try (InputStream in = Files.newInputStream(cert)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

}
