package ai.tombot.keys.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.PostgresStores;
import ai.tombot.RunningTombot;
import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key tests with every store on PostgreSQL, and a second node that shares the stores but
 * has no EU master key (skipped without PostgreSQL).
 */
class KeyServiceOnPostgresTests extends KeyServiceTests {

	private final PostgresStores postgres = new PostgresStores();

	@Override
	Map<String, String> storeProperties() {
		return this.postgres.shared();
	}

	@Test
	void aSecondNodeWithoutTheEuMasterKey_servesUsTenants_andRefusesEuData(@TempDir Path otherDir) throws Exception {
		byte[] eu = this.keys.encrypt(this.acme, "s-residency", "eu".getBytes(), "r");
		byte[] us = this.keys.encrypt(this.globex, "s-residency", "us".getBytes(), "r");
		Map<String, String> usOnly = new HashMap<>(storeProperties());
		usOnly.remove("tombot.regions.eu.master-key");
		usOnly.put("tombot.auth.secret", Files.readString(dataDir.resolve("keys/identity-secret")).strip());
		try (RunningTombot second = RunningTombot.start(otherDir, usOnly)) {
			KeyService keys = second.bean(KeyService.class);
			assertThat(keys.decrypt(this.globex, "s-residency", us, "r")).isInstanceOf(Decrypted.Plaintext.class);
			assertThatThrownBy(() -> keys.decrypt(this.acme, "s-residency", eu, "r")).isInstanceOfSatisfying(
					ApiProblem.class, problem -> assertThat(problem.status().value()).isEqualTo(503));
		}
	}

	@Test
	void aSecondNodeWithAnotherEuMasterKey_refusesToStartNamingTheRegion(@TempDir Path otherDir) throws Exception {
		this.keys.encrypt(this.acme, "s-wrong-key", "eu".getBytes(), "r");
		Map<String, String> wrongKey = new HashMap<>(storeProperties());
		wrongKey.put("tombot.regions.eu.master-key", "file:" + this.postgres.sharedDatabases().masterKeyFile());
		wrongKey.put("tombot.auth.secret", Files.readString(dataDir.resolve("keys/identity-secret")).strip());
		assertThatThrownBy(() -> RunningTombot.start(otherDir, wrongKey).close())
			.hasStackTraceContaining("The master key of region eu")
			.hasStackTraceContaining("is not the one the region's keys were made with");
	}

	/** Stops the server first, then drops its databases (JUnit runs a subclass's @AfterAll first). */
	@Override
	@AfterAll
	void stop() {
		super.stop();
		this.postgres.close();
	}

}
