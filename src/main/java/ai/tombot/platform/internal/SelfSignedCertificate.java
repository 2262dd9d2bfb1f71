package ai.tombot.platform.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.boot.ssl.pem.PemContent;

import ai.tombot.platform.PrivateFiles;

/**
 * The embedded-mode certificate: ECDSA P-256, self-signed for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, kept as PEM in the data directory (private key mode 0600)
 * and reused until it comes within 30 days of expiry, or no longer fits its key.
 */
final class SelfSignedCertificate {

	static final Duration VALIDITY = Duration.ofDays(397);

	static final Duration RENEW_BEFORE = Duration.ofDays(30);

	private SelfSignedCertificate() {
	}

	/**
	 * Makes the certificate and key in {@code dir} unless a usable pair is already there.
	 * @return true when a new certificate was made
	 */
	static boolean ensure(Path dir, Instant now) throws IOException, GeneralSecurityException {
		Path certificate = dir.resolve("server.crt");
		Path key = dir.resolve("server.key");
		if (Files.isRegularFile(certificate) && Files.isRegularFile(key) && !expiring(certificate, now)
				&& pairs(certificate, key)) {
			return false;
		}
		PrivateFiles.createDirectories(dir);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
		KeyPair pair = generator.generateKeyPair();
		X509Certificate cert = sign(pair, now);
		PrivateFiles.write(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
		PrivateFiles.write(certificate, pem(cert));
		return true;
	}

	private static boolean expiring(Path certificate, Instant now) throws IOException, GeneralSecurityException {
		try (var in = Files.newInputStream(certificate)) {
			X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			return cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
		}
	}

	/**
	 * Whether the key signs what the certificate's public key verifies: a crash between
	 * writing the two files, or two first starts racing, could leave a pair that does not fit.
	 */
	private static boolean pairs(Path certificate, Path key) {
		try {
			PrivateKey privateKey = PemContent.load(key).getPrivateKey();
			byte[] probe = new byte[32];
			new SecureRandom().nextBytes(probe);
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(privateKey);
			signer.update(probe);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(PemContent.load(certificate).getCertificates().get(0).getPublicKey());
			verifier.update(probe);
			return verifier.verify(signature);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	private static X509Certificate sign(KeyPair pair, Instant now) throws GeneralSecurityException, IOException {
		X500Name name = new X500Name("CN=localhost, O=Tombot self-signed");
		BigInteger serial = new BigInteger(128, new SecureRandom());
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
				Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
						new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
						new GeneralName(GeneralName.iPAddress, "::1") }));
		try {
			X509CertificateHolder holder = builder
				.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
			return new JcaX509CertificateConverter().getCertificate(holder);
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("Cannot sign the self-signed certificate", ex);
		}
	}

	private static byte[] pem(Object object) throws IOException {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		return out.toString().getBytes(StandardCharsets.US_ASCII);
	}

}
