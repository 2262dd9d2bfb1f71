package ai.tombot.keys.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.PayloadApplicationEvent;

import ai.tombot.RunningTombot;
import ai.tombot.keys.DecryptionFailed;
import ai.tombot.keys.DecryptionFailedException;
import ai.tombot.keys.Decrypted;
import ai.tombot.platform.ApiProblem;
import ai.tombot.keys.KeyService;
import ai.tombot.keys.SubjectErasedException;
import ai.tombot.keys.SubjectKeyDestroyed;
import ai.tombot.keys.TenantKeyStatus;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Envelope encryption through the facade, against a running server's stores. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyServiceTests {

	@TempDir
	static Path dataDir;

	RunningTombot tombot;

	KeyService keys;

	UUID acme;

	UUID globex;

	final List<Object> events = new CopyOnWriteArrayList<>();

	@BeforeAll
	void start() {
		this.tombot = RunningTombot.start(dataDir, storeProperties());
		this.tombot.context().addApplicationListener(event -> {
			if (event instanceof PayloadApplicationEvent<?> payload) {
				this.events.add(payload.getPayload());
			}
		});
		this.keys = this.tombot.bean(KeyService.class);
		TenantService tenants = this.tombot.bean(TenantService.class);
		this.acme = tenants.create("acme", "Acme", "eu").id();
		this.globex = tenants.create("globex", "Globex", "us").id();
	}

	Map<String, String> storeProperties() {
		return Map.of();
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private byte[] plaintext(Decrypted decrypted) {
		assertThat(decrypted).isInstanceOf(Decrypted.Plaintext.class);
		return ((Decrypted.Plaintext) decrypted).bytes();
	}

	@Test
	void roundTrip_fromEmptyToOneMebibyte() {
		for (int size : new int[] { 0, 1, 255, 256, 1024, 4096, 65_536, 1024 * 1024 }) {
			byte[] data = new byte[size];
			ThreadLocalRandom.current().nextBytes(data);
			byte[] sealed = this.keys.encrypt(this.acme, "subject-rt", data, "message/" + size);
			assertThat(sealed).hasSize(size + 1 + 5 + 12 + 16);
			assertThat(sealed[0]).as("format version").isEqualTo((byte) 1);
			assertThat(plaintext(this.keys.decrypt(this.acme, "subject-rt", sealed, "message/" + size))).isEqualTo(data);
		}
	}

	@Test
	void anUnknownTenant_isNotFound_beforeAnyCiphertextCheck_andRaisesNoDecryptionEvent() {
		UUID nobody = UUID.randomUUID();
		int before = this.events.size();
		for (byte[] ciphertext : new byte[][] { null, new byte[0], new byte[] { 9, 9, 9 } }) {
			assertThatThrownBy(() -> this.keys.decrypt(nobody, "s", ciphertext, "r"))
				.isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.status().value()).isEqualTo(404));
		}
		assertThat(this.events.subList(before, this.events.size())).noneMatch(DecryptionFailed.class::isInstance);
	}

	@Test
	void ciphertexts_areTinksAesGcmOutputAfterTheVersionByte() throws Exception {
		byte[] data = "interoperable".getBytes(StandardCharsets.UTF_8);
		byte[] sealed = this.keys.encrypt(this.acme, "subject-tink", data, "message/3");
		SubjectKeys subjects = this.tombot.bean(SubjectKeys.class);
		var key = subjects.unwrap("eu", this.acme, "subject-tink",
				subjects.stored("eu", this.acme, "subject-tink").orElseThrow());
		byte[] aad = new SubjectKeys.DataKey(null, DefaultKeyService.bindingPrefix(this.acme, "subject-tink"))
			.binding("message/3");
		byte[] tinkOutput = java.util.Arrays.copyOfRange(sealed, 1, sealed.length);
		assertThat(Keysets.aead(key).decrypt(tinkOutput, aad)).isEqualTo(data);
		assertThat(Keysets.keyIdOf(tinkOutput)).isEqualTo(Keysets.primaryId(key));
	}

	@Test
	void flippingAnyByte_failsWithOneGenericError_andAnEvent() {
		byte[] data = "card ending 4242, call me at noon".getBytes(StandardCharsets.UTF_8);
		byte[] sealed = this.keys.encrypt(this.acme, "subject-flip", data, "message/1");
		this.events.clear();
		for (int i = 0; i < sealed.length; i++) {
			byte[] altered = sealed.clone();
			altered[i] ^= 0x01;
			assertThatThrownBy(() -> this.keys.decrypt(this.acme, "subject-flip", altered, "message/1"))
				.as("byte %d", i)
				.isInstanceOf(DecryptionFailedException.class)
				.hasMessage("decryption failed")
				.hasNoCause();
		}
		assertThat(this.events.stream().filter(DecryptionFailed.class::isInstance).count()).isEqualTo(sealed.length);
		DecryptionFailed first = (DecryptionFailed) this.events.stream()
			.filter(DecryptionFailed.class::isInstance)
			.reduce((a, b) -> b)
			.orElseThrow();
		assertThat(first.tenantId()).isEqualTo(this.acme);
		assertThat(first.record()).isEqualTo("message/1");
		assertThat(first.keyId()).isNotZero();
		assertThat(plaintext(this.keys.decrypt(this.acme, "subject-flip", sealed, "message/1"))).isEqualTo(data);
	}

	@Test
	void aCiphertextMovedToAnotherRecordSubjectOrTenant_doesNotDecrypt() {
		byte[] sealed = this.keys.encrypt(this.acme, "subject-move", "hello".getBytes(), "message/7");
		assertThatThrownBy(() -> this.keys.decrypt(this.acme, "subject-move", sealed, "message/8"))
			.isInstanceOf(DecryptionFailedException.class);
		this.keys.encrypt(this.acme, "subject-other", "x".getBytes(), "message/9");
		assertThatThrownBy(() -> this.keys.decrypt(this.acme, "subject-other", sealed, "message/7"))
			.isInstanceOf(DecryptionFailedException.class);
		// the same subject name in another tenant is another subject, with another key
		this.keys.encrypt(this.globex, "subject-move", "y".getBytes(), "message/7");
		assertThatThrownBy(() -> this.keys.decrypt(this.globex, "subject-move", sealed, "message/7"))
			.isInstanceOf(DecryptionFailedException.class);
		assertThat(plaintext(this.keys.decrypt(this.acme, "subject-move", sealed, "message/7")))
			.isEqualTo("hello".getBytes());
	}

	@Test
	void theAssociatedData_bindsTenantAndSubject_evenUnderTheSameKey() throws Exception {
		this.keys.encrypt(this.acme, "subject-bind", "x".getBytes(), "r");
		DataCipher cipher = this.tombot.bean(SubjectKeys.class).forDecryption("eu", this.acme, "subject-bind")
			.orElseThrow()
			.cipher();
		SubjectKeys.DataKey right = new SubjectKeys.DataKey(cipher, DefaultKeyService.bindingPrefix(this.acme, "subject-bind"));
		byte[] sealed = cipher.encrypt("bound".getBytes(), right.binding("r"));
		assertThat(cipher.decrypt(sealed, right.binding("r"))).isEqualTo("bound".getBytes());
		for (SubjectKeys.DataKey wrong : List.of(
				new SubjectKeys.DataKey(cipher, DefaultKeyService.bindingPrefix(this.globex, "subject-bind")),
				new SubjectKeys.DataKey(cipher, DefaultKeyService.bindingPrefix(this.acme, "subject-other")))) {
			assertThatThrownBy(() -> cipher.decrypt(sealed, wrong.binding("r")))
				.isInstanceOf(java.security.GeneralSecurityException.class);
		}
		assertThatThrownBy(() -> cipher.decrypt(sealed, right.binding("r2")))
			.isInstanceOf(java.security.GeneralSecurityException.class);
	}

	@Test
	void destroyingASubjectsKey_makesItsDataErased_andNothingNewCanBeEncryptedForIt() {
		byte[] sealed = this.keys.encrypt(this.acme, "subject-gone", "secret".getBytes(), "message/1");
		// used again by this thread: now the thread's memo holds the key, not only the cache
		this.keys.encrypt(this.acme, "subject-gone", "again".getBytes(), "message/0");
		assertThat(this.keys.decrypt(this.acme, "subject-gone", sealed, "message/1")).isInstanceOf(Decrypted.Plaintext.class);
		this.events.clear();
		this.keys.destroySubjectKey(this.acme, "subject-gone", "dsr-42");
		assertThat(this.keys.decrypt(this.acme, "subject-gone", sealed, "message/1"))
			.isInstanceOf(Decrypted.Erased.class);
		assertThatThrownBy(() -> this.keys.encrypt(this.acme, "subject-gone", "more".getBytes(), "message/2"))
			.isInstanceOf(SubjectErasedException.class);
		assertThat(this.events).filteredOn(SubjectKeyDestroyed.class::isInstance).singleElement()
			.satisfies(event -> assertThat(((SubjectKeyDestroyed) event).reason()).isEqualTo("dsr-42"));
		this.keys.destroySubjectKey(this.acme, "subject-gone", "again");
		assertThat(this.events).filteredOn(SubjectKeyDestroyed.class::isInstance).hasSize(1);
		var region = this.tombot.bean(ai.tombot.platform.Stores.class).region("eu").jdbc();
		assertThat(region.sql("select count(*) from subject_key where subject = 'subject-gone'").query(Long.class).single())
			.isZero();
		assertThat(region.sql("select reason from erasure_ledger where subject = 'subject-gone'").query(String.class)
			.single()).isEqualTo("dsr-42");
		// a subject that never had a key: an unknown ciphertext, not "erased"
		assertThatThrownBy(() -> this.keys.decrypt(this.acme, "never-seen", sealed, "message/1"))
			.isInstanceOf(DecryptionFailedException.class);
	}

	@Test
	void rotationWhileEightThreadsEncryptAndDecrypt_failsNothing_andRetiresTheOldVersion() throws Exception {
		byte[] before = this.keys.encrypt(this.acme, "subject-rot-0", "before".getBytes(), "message/0");
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger operations = new AtomicInteger();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		List<Object[]> samples = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int thread = t;
			workers.add(pool.submit(() -> {
				int i = 0;
				while (!stop.get()) {
					String subject = "subject-rot-" + thread + "-" + (i % 20);
					byte[] data = ("payload " + i).getBytes();
					try {
						byte[] sealed = this.keys.encrypt(this.acme, subject, data, "message/" + i);
						assertThat(plaintext(this.keys.decrypt(this.acme, subject, sealed, "message/" + i))).isEqualTo(data);
						if (i < 40) {
							samples.add(new Object[] { subject, sealed, "message/" + i, data });
						}
						operations.incrementAndGet();
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					i++;
				}
			}));
		}
		for (int rotation = 0; rotation < 3; rotation++) {
			Thread.sleep(300);
			this.keys.rotateTenantKey(this.acme);
			awaitRewrap(this.acme);
		}
		Thread.sleep(300);
		stop.set(true);
		for (Future<?> worker : workers) {
			worker.get();
		}
		pool.shutdown();
		assertThat(failures).isEmpty();
		assertThat(operations.get()).isGreaterThan(100);
		TenantKeyStatus status = awaitRewrap(this.acme);
		assertThat(status.versions()).as("the primary and the one it replaced; older ones removed").hasSize(2);
		assertThat(status.versions()).filteredOn(TenantKeyStatus.KeyVersion::primary).singleElement()
			.satisfies(primary -> assertThat(primary.state()).isEqualTo("ENABLED"));
		assertThat(status.versions()).filteredOn(version -> !version.primary())
			.allSatisfy(version -> assertThat(version.state()).isEqualTo("DISABLED"));
		assertThat(status.rewrap().done()).isEqualTo(status.rewrap().total());
		// from the stores, not from memory: every key re-wrapped under the primary still opens
		this.tombot.bean(SubjectKeys.class).forgetAll();
		this.tombot.bean(TenantKeys.class).forget(this.acme);
		assertThat(plaintext(this.keys.decrypt(this.acme, "subject-rot-0", before, "message/0")))
			.isEqualTo("before".getBytes());
		assertThat(samples).hasSizeGreaterThanOrEqualTo(100);
		for (Object[] sample : samples) {
			assertThat(plaintext(this.keys.decrypt(this.acme, (String) sample[0], (byte[]) sample[1], (String) sample[2])))
				.isEqualTo((byte[]) sample[3]);
		}
	}

	private TenantKeyStatus awaitRewrap(UUID tenantId) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		TenantKeyStatus status = this.keys.status(tenantId);
		while ((status.rewrap() == null || status.rewrap().finishedAt() == null) && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			status = this.keys.status(tenantId);
		}
		assertThat(status.rewrap().finishedAt()).as("re-wrap finished").isNotNull();
		return status;
	}

	@Test
	void aMillionEncryptionsUnderOneKey_neverRepeatANonce() {
		byte[] data = new byte[16];
		Set<NonceKey> nonces = new HashSet<>(2_000_000);
		for (int i = 0; i < 1_000_000; i++) {
			byte[] sealed = this.keys.encrypt(this.globex, "subject-nonce", data, "message/n");
			// version (1), Tink prefix (5), then the 12-byte nonce
			long high = 0;
			for (int b = 6; b < 14; b++) {
				high = (high << 8) | (sealed[b] & 0xff);
			}
			int low = ((sealed[14] & 0xff) << 24) | ((sealed[15] & 0xff) << 16) | ((sealed[16] & 0xff) << 8)
					| (sealed[17] & 0xff);
			assertThat(nonces.add(new NonceKey(high, low))).as("nonce %d is new", i).isTrue();
		}
	}

	@Test
	void aTenantKeyOlderThanTheRotationPeriod_isRotatedByTheMaintenanceJob() throws Exception {
		UUID initech = this.tombot.bean(TenantService.class).create("initech", "Initech", "us").id();
		this.keys.encrypt(initech, "s", "x".getBytes(), "r");
		assertThat(this.keys.status(initech).versions()).hasSize(1);
		var region = this.tombot.bean(ai.tombot.platform.Stores.class).region("us").jdbc();
		region.sql("update tenant_key set created_at = :old where tenant_id = :tenant")
			.param("old", ai.tombot.platform.SqlTime.ts(Instant.now().minus(Duration.ofDays(91))))
			.param("tenant", initech)
			.update();
		this.tombot.bean(Rotations.class).maintain();
		TenantKeyStatus status = awaitRewrap(initech);
		assertThat(status.versions()).hasSize(2);
		assertThat(status.rotatedAt()).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
		this.tombot.bean(Rotations.class).maintain();
		assertThat(this.keys.status(initech).versions()).as("not due again").hasSize(2);
	}

	@Test
	void aRotationWhileTheLastOnesReWrapRuns_isRefused() {
		UUID hooli = this.tombot.bean(TenantService.class).create("hooli", "Hooli", "us").id();
		var region = this.tombot.bean(ai.tombot.platform.Stores.class).region("us").jdbc();
		// what a re-wrap under way looks like: started, not finished
		region.sql("update tenant_key set rewrap_started_at = :now, rewrap_finished_at = null where tenant_id = :tenant")
			.param("now", ai.tombot.platform.SqlTime.ts(Instant.now()))
			.param("tenant", hooli)
			.update();
		assertThatThrownBy(() -> this.keys.rotateTenantKey(hooli))
			.isInstanceOfSatisfying(ai.tombot.platform.ApiProblem.class,
					problem -> assertThat(problem.type()).isEqualTo("urn:tombot:problem:key-rotation-running"));
		assertThat(this.keys.status(hooli).versions()).hasSize(1);
		this.tombot.bean(Rotations.class).rewrap("us", hooli);
		assertThat(this.keys.rotateTenantKey(hooli).versions()).as("allowed once it finished").hasSize(2);
	}

	@Test
	void aRestoredKeyOfAnErasedSubject_isDeletedAgainAtStartup() {
		this.keys.encrypt(this.acme, "subject-restored", "x".getBytes(), "r");
		var region = this.tombot.bean(ai.tombot.platform.Stores.class).region("eu").jdbc();
		Map<String, Object> row = region.sql("select * from subject_key where subject = 'subject-restored'").query()
			.singleRow();
		this.keys.destroySubjectKey(this.acme, "subject-restored", "dsr-7");
		// a restore from an older backup brings the key back; the ledger was merged back
		region.sql("insert into subject_key (tenant_id, subject, keyset, kek_key_id, created_at) "
				+ "values (:tenant, :subject, :keyset, :kek, :created)")
			.param("tenant", row.get("tenant_id"))
			.param("subject", row.get("subject"))
			.param("keyset", row.get("keyset"))
			.param("kek", row.get("kek_key_id"))
			.param("created", row.get("created_at"))
			.update();
		this.tombot.bean(TenantKeyInitializer.class).atStartup();
		assertThat(region.sql("select count(*) from subject_key where subject = 'subject-restored'").query(Long.class)
			.single()).isZero();
	}

	@Test
	void anErasureRacingASubjectsFirstUse_neverLeavesAKeyBeside_itsLedgerEntry() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String subject = "subject-race-" + i;
				work.add(pool.submit(() -> {
					try {
						this.keys.encrypt(this.globex, subject, "x".getBytes(), "r");
					}
					catch (SubjectErasedException erased) {
						// lost the race: fine
					}
				}));
				work.add(pool.submit(() -> this.keys.destroySubjectKey(this.globex, subject, "race")));
			}
			for (Future<?> task : work) {
				task.get();
			}
		}
		finally {
			pool.shutdown();
		}
		var region = this.tombot.bean(ai.tombot.platform.Stores.class).region("us").jdbc();
		assertThat(region.sql("""
				select count(*) from subject_key k join erasure_ledger e
				  on e.tenant_id = k.tenant_id and e.subject = k.subject""").query(Long.class).single()).isZero();
		assertThat(region.sql("select count(*) from erasure_ledger where subject like 'subject-race-%'").query(Long.class)
			.single()).isEqualTo(40);
	}

	private record NonceKey(long high, int low) {
	}

}
