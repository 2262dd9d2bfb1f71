package ai.tombot.keys.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudkms.v1.CloudKMS;
import com.google.api.services.cloudkms.v1.CloudKMSScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.integration.gcpkms.GcpKmsAead;

/**
 * A region master key in Google Cloud KMS, for
 * {@code gcp-kms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>} URIs, through Tink's
 * own GCP integration ({@link GcpKmsAead}, the KMS REST API; the associated data is KMS's
 * additional authenticated data). Credentials come from a service-account file when one is
 * set, otherwise from Google's application-default chain. A ciphertext KMS rejects (400:
 * altered, another key, other associated data) is a plain {@link GeneralSecurityException};
 * every other failure is a {@link KmsFailure} with KMS's reason. Requests give up after 5 s
 * to connect and 10 s to read, and are never logged: their bodies hold key material.
 */
final class GcpKms implements KmsClient {

	static final String PREFIX = "gcp-kms://";

	private static final Pattern KEY_NAME = Pattern
		.compile("projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");

	private final URI endpoint;

	private final Path credentials;

	/**
	 * @param endpoint another KMS endpoint (Private Service Connect, a test double); null for Google's own
	 * @param credentials a service-account key file; null for the application-default credentials
	 */
	GcpKms(URI endpoint, Path credentials) {
		this.endpoint = endpoint;
		this.credentials = credentials;
	}

	@Override
	public boolean doesSupport(String keyUri) {
		return keyUri != null && keyUri.startsWith(PREFIX);
	}

	@Override
	public KmsClient withCredentials(String credentialPath) {
		return new GcpKms(this.endpoint, Path.of(credentialPath));
	}

	@Override
	public KmsClient withDefaultCredentials() {
		return new GcpKms(this.endpoint, null);
	}

	@Override
	public Aead getAead(String keyUri) throws GeneralSecurityException {
		String name = doesSupport(keyUri) ? keyUri.substring(PREFIX.length()) : "";
		if (!KEY_NAME.matcher(name).matches()) {
			throw new GeneralSecurityException(
					"a Google Cloud KMS key URI is gcp-kms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>");
		}
		GoogleCredentials google;
		try {
			google = load();
		}
		catch (IOException ex) {
			throw new KmsFailure("Google Cloud credentials cannot be loaded: " + ex.getMessage(), ex);
		}
		if (google.createScopedRequired()) {
			google = google.createScoped(CloudKMSScopes.all());
		}
		HttpCredentialsAdapter authorization = new HttpCredentialsAdapter(google);
		HttpRequestInitializer requests = request -> {
			authorization.initialize(request);
			// Google's client logs request and response bodies at debug level: wrapped and unwrapped keys
			request.setLoggingEnabled(false);
			request.setCurlLoggingEnabled(false);
			request.setConnectTimeout(5_000);
			request.setReadTimeout(10_000);
		};
		CloudKMS.Builder cloudKms = new CloudKMS.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), requests)
			.setApplicationName("tombot");
		if (this.endpoint != null) {
			cloudKms.setRootUrl(this.endpoint.toString().endsWith("/") ? this.endpoint.toString() : this.endpoint + "/");
		}
		Aead kms = new GcpKmsAead(cloudKms.build(), name);
		return new Aead() {
			@Override
			public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
				try {
					return kms.encrypt(plaintext, associatedData);
				}
				catch (GeneralSecurityException ex) {
					throw failure("encrypt", ex);
				}
			}

			@Override
			public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
				try {
					return kms.decrypt(ciphertext, associatedData);
				}
				catch (GeneralSecurityException ex) {
					throw failure("decrypt", ex);
				}
			}

			@Override
			public String toString() {
				return "GcpKms[" + name + "]";
			}
		};
	}

	private GoogleCredentials load() throws IOException {
		if (this.credentials == null) {
			return GoogleCredentials.getApplicationDefault();
		}
		try (InputStream in = Files.newInputStream(this.credentials)) {
			return GoogleCredentials.fromStream(in);
		}
	}

	/**
	 * Tink says only "encryption failed"; the cause (KMS's HTTP error) says why. Never data: KMS's
	 * error messages name the key and the refusal.
	 */
	private static GeneralSecurityException failure(String operation, GeneralSecurityException ex) {
		Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
		if (cause instanceof GoogleJsonResponseException http) {
			String reason = http.getStatusCode() + " "
					+ (http.getDetails() != null && http.getDetails().getMessage() != null ? http.getDetails().getMessage()
							: http.getStatusMessage());
			if (http.getStatusCode() == 400 && operation.equals("decrypt")) {
				return new GeneralSecurityException("Google Cloud KMS rejected the ciphertext: " + reason);
			}
			return new KmsFailure("Google Cloud KMS " + operation + " failed: " + reason, ex);
		}
		String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
				: cause.getMessage().lines().findFirst().orElse("");
		return new KmsFailure("Google Cloud KMS " + operation + " failed: " + reason, ex);
	}

}
