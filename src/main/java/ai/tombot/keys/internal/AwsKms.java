package ai.tombot.keys.internal;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * A region master key in AWS KMS, for {@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>}
 * (or {@code …:alias/<name>}) URIs, through Tink's {@link KmsClient} interface on AWS SDK v2.
 * Credentials come from the SDK's default chain (environment, profile, container or instance
 * role); the AWS region from the key's ARN. The associated data travels as the KMS encryption
 * context {@code associatedData} (hex), as Tink's own AWS integration does, so a wrapped key
 * cannot be unwrapped for another purpose. Decrypt names the key, so KMS refuses ciphertexts
 * of any other key. A ciphertext KMS rejects (altered, another key, another context) is a
 * plain {@link GeneralSecurityException}, like any failed decryption; every other failure
 * (unreachable, throttled, refused permission, disabled key) is a {@link KmsFailure}. A call
 * gives up after 10 s.
 */
final class AwsKms implements KmsClient {

	static final String PREFIX = "aws-kms://";

	private final URI endpoint;

	/** @param endpoint another KMS endpoint (a VPC endpoint, a test double); null for AWS's own */
	AwsKms(URI endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public boolean doesSupport(String keyUri) {
		return keyUri != null && keyUri.startsWith(PREFIX);
	}

	@Override
	public KmsClient withCredentials(String credentialPath) throws GeneralSecurityException {
		throw new GeneralSecurityException("AWS credentials come from the SDK's default chain");
	}

	@Override
	public KmsClient withDefaultCredentials() {
		return this;
	}

	@Override
	public Aead getAead(String keyUri) throws GeneralSecurityException {
		if (!doesSupport(keyUri)) {
			throw new GeneralSecurityException("not an aws-kms:// key URI");
		}
		String arn = keyUri.substring(PREFIX.length());
		String[] parts = arn.split(":", 6);
		if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("kms") || parts[3].isEmpty()
				|| !(parts[5].startsWith("key/") || parts[5].startsWith("alias/"))) {
			throw new GeneralSecurityException("an AWS KMS key URI is aws-kms://arn:<partition>:kms:<region>:<account>:key/<id>");
		}
		var builder = software.amazon.awssdk.services.kms.KmsClient.builder()
			.region(Region.of(parts[3]))
			.credentialsProvider(DefaultCredentialsProvider.builder().build())
			.httpClient(UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(3))
				.socketTimeout(Duration.ofSeconds(5))
				.build())
			.overrideConfiguration(config -> config.apiCallTimeout(Duration.ofSeconds(10))
				.apiCallAttemptTimeout(Duration.ofSeconds(5)));
		if (this.endpoint != null) {
			builder.endpointOverride(this.endpoint);
		}
		return new KeyAead(builder.build(), arn);
	}

	private record KeyAead(software.amazon.awssdk.services.kms.KmsClient kms, String keyId) implements Aead {

		@Override
		public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
			try {
				return this.kms.encrypt(EncryptRequest.builder()
					.keyId(this.keyId)
					.plaintext(SdkBytes.fromByteArray(plaintext))
					.encryptionContext(context(associatedData))
					.build()).ciphertextBlob().asByteArray();
			}
			catch (SdkException ex) {
				throw failure("encrypt", ex);
			}
		}

		@Override
		public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
			try {
				return this.kms.decrypt(DecryptRequest.builder()
					.keyId(this.keyId)
					.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
					.encryptionContext(context(associatedData))
					.build()).plaintext().asByteArray();
			}
			catch (InvalidCiphertextException | IncorrectKeyException ex) {
				throw new GeneralSecurityException("AWS KMS rejected the ciphertext: " + ex.getMessage());
			}
			catch (SdkException ex) {
				throw failure("decrypt", ex);
			}
		}

		private static Map<String, String> context(byte[] associatedData) {
			return associatedData == null || associatedData.length == 0 ? Map.of()
					: Map.of("associatedData", HexFormat.of().formatHex(associatedData));
		}

		/** The SDK's message names the operation, the service's error code and request id; never data. */
		private static KmsFailure failure(String operation, SdkException ex) {
			return new KmsFailure("AWS KMS " + operation + " failed: " + ex.getMessage(), ex);
		}

		@Override
		public String toString() {
			return "AwsKms[" + this.keyId + "]";
		}

	}

}
