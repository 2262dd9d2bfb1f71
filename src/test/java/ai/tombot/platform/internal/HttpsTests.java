package ai.tombot.platform.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.pem.PemContent;

import ai.tombot.RunningTombot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport promises: TLS 1.2 and 1.3 only with forward-secret AEAD suites, HSTS on every
 * HTTPS answer, and a plain-HTTP port that answers nothing but a bodiless 308. The test JVM
 * re-enables TLS 1.0/1.1 (src/test/resources/test-java.security), so a refused handshake is
 * the server's configuration at work, not the JDK's defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsTests {

	@TempDir
	static Path dataDir;

	private RunningTombot tombot;

	private int httpPort;

	@BeforeAll
	void start() {
		this.httpPort = RunningTombot.freePort();
		this.tombot = RunningTombot.start(dataDir, Map.of("tombot.http-port", String.valueOf(this.httpPort)));
	}

	@AfterAll
	void stop() {
		this.tombot.close();
	}

	@Test
	void handshake_tls11_isRefused() {
		assertThatThrownBy(() -> handshake("TLSv1.1", null)).isInstanceOf(SSLHandshakeException.class);
		assertThatThrownBy(() -> handshake("TLSv1", null)).isInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void handshake_tls11AgainstAnUnconfiguredJdkServer_succeeds_soTheRefusalAboveIsTombots() throws Exception {
		SSLContext serverContext = serverContextWithTombotsKey();
		try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
			server.setEnabledProtocols(new String[] { "TLSv1.1", "TLSv1.2", "TLSv1.3" });
			Thread acceptor = new Thread(() -> {
				try (SSLSocket accepted = (SSLSocket) server.accept()) {
					accepted.startHandshake();
				}
				catch (IOException ignored) {
					// the client side reports the outcome
				}
			});
			acceptor.start();
			try (SSLSocket client = clientSocket(server.getLocalPort(), "TLSv1.1", null)) {
				client.startHandshake();
				assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.1");
			}
			acceptor.join(5000);
		}
	}

	@Test
	void handshake_tls12WithCbcSuite_isRefused() {
		assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
			.isInstanceOf(SSLHandshakeException.class);
		assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"))
			.isInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void handshake_tls12AndTls13WithAeadSuites_succeed() throws Exception {
		assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
			.isEqualTo("TLSv1.2/TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
		assertThat(handshake("TLSv1.3", null)).startsWith("TLSv1.3/");
	}

	@Test
	void https_everyAnswer_carriesHstsOfAtLeastOneYear() {
		List<HttpResponse<String>> answers = List.of(this.tombot.get("/actuator/health", null),
				this.tombot.get("/api/v1/tenants", null), this.tombot.get("/api/v1/tenants", "not-a-token"),
				this.tombot.post("/api/v1/auth/login", "{", null),
				this.tombot.post("/api/v1/auth/login", "x".repeat(1024 * 1024 + 1), null));
		assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 401, 400, 413);
		for (HttpResponse<String> answer : answers) {
			String hsts = answer.headers().firstValue("Strict-Transport-Security").orElseThrow();
			long maxAge = Long.parseLong(hsts.replaceAll(".*max-age=(\\d+).*", "$1"));
			assertThat(maxAge).isGreaterThanOrEqualTo(31_536_000L);
		}
	}

	@Test
	void http_anyRequest_answers308ToHttpsWithNoBody() throws IOException {
		String answer = rawHttp("POST /api/v1/tenants?x=1&y=2 HTTP/1.1\r\nHost: localhost:" + this.httpPort
				+ "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
		assertThat(answer).startsWith("HTTP/1.1 308");
		assertThat(answer).contains("Location: https://localhost:" + this.tombot.port() + "/api/v1/tenants?x=1&y=2");
		assertThat(answer).doesNotContain("Strict-Transport-Security");
		String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
		assertThat(body).isEmpty();
	}

	@Test
	void http_malformedHostHeader_answersErrorWithNoBodyAndNoServerDetails() throws IOException {
		String answer = rawHttp("GET / HTTP/1.1\r\nHost: evil.example/steal@x\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("Location").doesNotContainIgnoringCase("tomcat");
		assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).isEmpty();
	}

	@Test
	void https_malformedRequestRejectedByTomcat_answersProblemJsonWithHsts() throws IOException {
		SSLContext context = RunningTombot.trusting(dataDir.resolve("tls/server.crt"));
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", this.tombot.port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: bad/host\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 400")
				.contains("Strict-Transport-Security: max-age=31536000")
				.contains("Content-Type: application/problem+json")
				.contains("\"status\":400")
				.doesNotContainIgnoringCase("tomcat")
				.doesNotContain("<html");
		}
	}

	@Test
	void certificate_embeddedMode_isEcdsaP256ForLocalhostAndPrivateKeyIsPrivate() throws Exception {
		X509Certificate certificate = certificate();
		assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
		assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
			.isEqualTo(256);
		assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1)))).contains("localhost",
				"127.0.0.1");
		assertThat(Files.getPosixFilePermissions(dataDir.resolve("tls/server.key")))
			.extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
	}

	@Test
	void certificate_secondStart_isReused() throws Exception {
		byte[] before = Files.readAllBytes(dataDir.resolve("tls/server.crt"));
		assertThat(SelfSignedCertificate.ensure(dataDir.resolve("tls"), java.time.Instant.now())).isFalse();
		assertThat(Files.readAllBytes(dataDir.resolve("tls/server.crt"))).isEqualTo(before);
	}

	@Test
	void certificate_nearExpiry_isRenewed(@TempDir Path other) throws Exception {
		java.time.Instant longAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(380));
		assertThat(SelfSignedCertificate.ensure(other, longAgo)).isTrue();
		assertThat(SelfSignedCertificate.ensure(other, java.time.Instant.now())).isTrue();
		assertThat(SelfSignedCertificate.ensure(other, java.time.Instant.now())).isFalse();
	}

	@Test
	void certificate_notMatchingItsKey_isReplaced(@TempDir Path one, @TempDir Path other) throws Exception {
		SelfSignedCertificate.ensure(one, java.time.Instant.now());
		SelfSignedCertificate.ensure(other, java.time.Instant.now());
		Files.copy(other.resolve("server.key"), one.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertThat(SelfSignedCertificate.ensure(one, java.time.Instant.now())).isTrue();
		assertThat(SelfSignedCertificate.ensure(one, java.time.Instant.now())).isFalse();
	}

	private X509Certificate certificate() throws Exception {
		try (InputStream in = Files.newInputStream(dataDir.resolve("tls/server.crt"))) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	/** Completes a handshake with the server; answers "protocol/suite". */
	private String handshake(String protocol, String suite) throws IOException {
		try (SSLSocket socket = clientSocket(this.tombot.port(), protocol, suite)) {
			socket.startHandshake();
			return socket.getSession().getProtocol() + "/" + socket.getSession().getCipherSuite();
		}
	}

	private SSLSocket clientSocket(int port, String protocol, String suite) throws IOException {
		SSLContext context = RunningTombot.trusting(dataDir.resolve("tls/server.crt"));
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
		socket.setSoTimeout(10_000);
		socket.setEnabledProtocols(new String[] { protocol });
		if (suite != null) {
			socket.setEnabledCipherSuites(new String[] { suite });
		}
		return socket;
	}

	private SSLContext serverContextWithTombotsKey() throws Exception {
		PemContent certificate = PemContent.load(dataDir.resolve("tls/server.crt"));
		PemContent key = PemContent.load(dataDir.resolve("tls/server.key"));
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", key.getPrivateKey(), new char[0],
				certificate.getCertificates().toArray(new java.security.cert.Certificate[0]));
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, new char[0]);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	private String rawHttp(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.httpPort), 5000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
