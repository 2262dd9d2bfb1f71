package ai.tombot.keys.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ai.tombot.RunningTombot;
import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.tenancy.TenantService;

/**
 * Encrypt then decrypt through the key facade (subject key cached, as on the hot path), against
 * a bare JCE AES-256-GCM {@code Cipher.doFinal} encrypt then decrypt of the same size, with a
 * fresh random nonce each time, in the same run. Goal: the facade costs at most 1.5 times the
 * bare cipher. The facade runs inside a real server on embedded stores. Run with
 * {@code tools/bench.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EnvelopeBenchmark {

	/** What both sides encrypt, and the bare cipher's key: no server, so the baseline's fork starts none. */
	@State(Scope.Benchmark)
	public static class Payload {

		@Param({ "256", "1024", "4096" })
		public int size;

		private final SecureRandom random = new SecureRandom();

		private byte[] plaintext;

		private SecretKeySpec key;

		private Cipher cipher;

		@Setup(Level.Trial)
		public void setUp() throws GeneralSecurityException {
			this.plaintext = new byte[this.size];
			this.random.nextBytes(this.plaintext);
			byte[] raw = new byte[32];
			this.random.nextBytes(raw);
			this.key = new SecretKeySpec(raw, "AES");
			this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
		}

	}

	/** A real server on embedded stores, with a tenant whose subject key is cached. */
	@State(Scope.Benchmark)
	public static class Server {

		private Path dataDir;

		private RunningTombot tombot;

		private KeyService keys;

		private UUID tenant;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.dataDir = Files.createTempDirectory("tombot-bench");
			this.tombot = RunningTombot.start(this.dataDir, Map.of("logging.level.root", "WARN"));
			this.keys = this.tombot.bean(KeyService.class);
			this.tenant = this.tombot.bean(TenantService.class).create("bench", "Bench", "eu").id();
			this.keys.encrypt(this.tenant, "subject", new byte[16], "message/1");
		}

		@TearDown(Level.Trial)
		public void tearDown() throws java.io.IOException {
			this.tombot.close();
			org.springframework.util.FileSystemUtils.deleteRecursively(this.dataDir); // left behind, runs fill the disk
		}

	}

	@Benchmark
	public byte[] facade(Server server, Payload payload) {
		byte[] sealed = server.keys.encrypt(server.tenant, "subject", payload.plaintext, "message/1");
		return ((Decrypted.Plaintext) server.keys.decrypt(server.tenant, "subject", sealed, "message/1")).bytes();
	}

	@Benchmark
	public byte[] bareJce(Payload payload) throws GeneralSecurityException {
		byte[] nonce = new byte[12];
		payload.random.nextBytes(nonce);
		payload.cipher.init(Cipher.ENCRYPT_MODE, payload.key, new GCMParameterSpec(128, nonce));
		byte[] sealed = payload.cipher.doFinal(payload.plaintext);
		payload.cipher.init(Cipher.DECRYPT_MODE, payload.key, new GCMParameterSpec(128, nonce));
		return payload.cipher.doFinal(sealed);
	}

}
