package ai.tombot.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one change the store alone cannot show: the last entries of a chain removed together
 * with their checkpoints, and the head set back. The checkpoint file outside the database
 * still holds the signed checkpoints, and verification reads it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCheckpointFileTests {

	@TempDir
	static Path dataDir;

	@TempDir
	static Path outside;

	RunningTombot tombot;

	Map<String, String> storeProperties() {
		return Map.of();
	}

	boolean postgres() {
		return false;
	}

	@BeforeAll
	void start() {
		Map<String, String> properties = new HashMap<>(storeProperties());
		properties.put("tombot.audit.checkpoint-every", "3");
		properties.put("tombot.audit.checkpoint-file", outside.resolve("checkpoints.jsonl").toString());
		this.tombot = RunningTombot.start(dataDir, properties);
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	@Test
	void entriesCutFromTheEndWithTheirCheckpointsAndHead_areNamed() throws Exception {
		UUID tenant = this.tombot.bean(TenantService.class).create("cut", "Cut", "eu").id();
		for (int i = 1; i <= 7; i++) {
			this.tombot.bean(AuditTrail.class)
				.tenant(AuditEvent.success(AuditActor.system(), tenant, "message.read", "message", "m-" + i));
		}
		String chain = tenant.toString();
		Store eu = this.tombot.bean(Stores.class).region("eu");
		AuditVerifier verifier = this.tombot.bean(AuditVerifier.class);
		assertThat(verifier.verify(eu, chain).intact()).isTrue();
		assertThat(Files.readAllLines(outside.resolve("checkpoints.jsonl"))).filteredOn(line -> line.contains(chain))
			.hasSize(2);

		JdbcClient jdbc = eu.jdbc();
		String third = jdbc.sql("select hash from audit_entry where chain = :chain and seq = 3")
			.param("chain", chain)
			.query(String.class)
			.single();
		List<String> statements = List.of("delete from audit_entry where chain = :chain and seq > 3",
				"delete from audit_checkpoint where chain = :chain and seq > 3",
				"update audit_head set seq = 3, hash = '" + third + "' where chain = :chain");
		AppendOnlyGuards.lifted(jdbc, postgres(), true, () -> {
			for (String statement : statements) {
				jdbc.sql(statement).param("chain", chain).update();
			}
		});

		AuditVerifier.ChainReport report = verifier.verify(eu, chain);
		assertThat(report.intact()).isFalse();
		assertThat(report.problem().seq()).isEqualTo(4);
		assertThat(report.problem().kind()).isEqualTo("deleted");
		assertThat(report.problem().detail()).contains("checkpoint file");
	}

}
