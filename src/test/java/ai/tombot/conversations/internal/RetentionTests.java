package ai.tombot.conversations.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.TestClock;
import ai.tombot.platform.Stores;

import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention on a fixed clock: the purge deletes messages past the tenant's retention, then the
 * conversations, tokens and subjects left without them, audited with counts; it keeps what is
 * younger, keeps everything at 0 days, and runs once per interval across nodes.
 */
class RetentionTests {

	@TempDir
	Path dataDir;

	final TestClock clock = new TestClock(Instant.now()); // now at first: logins need TOTP codes of the real time

	ConversationFixture fixture;

	/** The store settings; none for embedded H2. */
	Map<String, String> storeProperties() {
		return Map.of();
	}

	@BeforeEach
	void start() throws Exception {
		this.fixture = new ConversationFixture(this.dataDir, storeProperties(), this.clock);
	}

	@AfterEach
	void stop() {
		if (this.fixture != null) { // null when the PostgreSQL variant was skipped before it was made
			this.fixture.close();
		}
	}

	long count(String table) {
		return this.fixture.tombot.bean(Stores.class).region("eu").jdbc().sql("select count(*) from " + table)
			.query(Long.class).single();
	}

	@Test
	void expiredMessagesAndWhatOnlyTheyHeld_arePurged_audited_youngerKept() {
		assertThat(this.fixture.tombot.put("/api/v1/tenants/acme/retention-policy", "{\"days\":30}", this.fixture.admin)
			.statusCode()).isEqualTo(200);
		this.fixture.inbound("+1 415 555 0101", "old, mail old@example.com", "old-1");
		this.fixture.inbound("+1 415 555 0101", "old too", "old-2");
		this.fixture.inbound("+1 415 555 0102", "kept subject, old message", "old-3");
		this.clock.advance(Duration.ofDays(20));
		this.fixture.inbound("+1 415 555 0102", "young", "young-1");
		this.clock.advance(Duration.ofDays(11)); // the first three are 31 days old, the last 11

		List<RetentionPurge.Purged> purged = this.fixture.tombot.bean(RetentionPurge.class).purgeAll();
		assertThat(purged).hasSize(1);
		assertThat(purged.get(0).messages()).isEqualTo(3);
		assertThat(purged.get(0).conversations()).isEqualTo(1); // 0101's; 0102's still has a message
		assertThat(purged.get(0).tokens()).isEqualTo(1);
		assertThat(purged.get(0).subjects()).isEqualTo(1);
		assertThat(count("message")).isEqualTo(1);
		assertThat(count("conversation")).isEqualTo(1);
		assertThat(count("data_subject")).isEqualTo(1);
		assertThat(count("subject_identifier")).isEqualTo(1);
		assertThat(count("pii_token")).isZero();

		String admin = this.fixture.tombot.logIn("acme", "alma", ConversationFixture.PASSWORD); // sessions expired meanwhile
		JsonNode audit = parse(this.fixture.tombot.get("/api/v1/tenants/acme/audit?action=retention.purge&from="
				+ this.clock.instant().minusSeconds(60) + "&to=" + this.clock.instant().plusSeconds(60), admin).body());
		assertThat(audit.get("entries").findValues("resource").stream().map(r -> r.get("id").asString()).toList())
			.containsExactlyInAnyOrder("messages=3", "conversations=1,tokens=1", "subjects=1");
		// the purged subject's key is destroyed and in the erasure ledger
		assertThat(this.fixture.tombot.bean(Stores.class).region("eu").jdbc()
			.sql("select count(*) from erasure_ledger where reason = 'retention-purge'").query(Long.class).single())
			.isEqualTo(1);
		assertThat(audit.get("entries").findValuesAsString("type")).contains("system");
	}

	@Test
	void purge_runsOncePerInterval_acrossNodes() {
		this.fixture.tombot.put("/api/v1/tenants/acme/retention-policy", "{\"days\":1}", this.fixture.admin);
		this.fixture.inbound("+1 415 555 0103", "a", "a-1");
		this.clock.advance(Duration.ofDays(2));
		RetentionPurge purge = this.fixture.tombot.bean(RetentionPurge.class);
		assertThat(purge.purgeAll()).hasSize(1);
		this.fixture.inbound("+1 415 555 0103", "b", "b-1");
		this.clock.advance(Duration.ofDays(2));
		// the region's run is claimed in its store: another run (this node's or another's) within the interval skips
		this.fixture.tombot.bean(Stores.class).region("eu").jdbc()
			.sql("update job_run set started_at = :now").param("now", ai.tombot.platform.SqlTime.ts(this.clock.instant()))
			.update();
		assertThat(purge.purgeAll()).isEmpty();
		assertThat(count("message")).isEqualTo(1);
		this.clock.advance(Duration.ofHours(1));
		assertThat(purge.purgeAll()).hasSize(1);
		assertThat(count("message")).isZero();
	}

	@Test
	void retentionZero_keepsForever_andBadDaysAreRefused() {
		assertThat(parse(this.fixture.tombot.get("/api/v1/tenants/acme/retention-policy", this.fixture.admin).body())
			.get("days").asInt()).isEqualTo(365);
		assertThat(this.fixture.tombot.put("/api/v1/tenants/acme/retention-policy", "{\"days\":-1}", this.fixture.admin)
			.statusCode()).isEqualTo(400);
		assertThat(this.fixture.tombot.put("/api/v1/tenants/acme/retention-policy", "{\"days\":36501}",
				this.fixture.admin).statusCode()).isEqualTo(400);
		assertThat(this.fixture.tombot.put("/api/v1/tenants/acme/retention-policy", "{\"days\":0}", this.fixture.admin)
			.statusCode()).isEqualTo(200);
		assertThat(this.fixture.tombot.put("/api/v1/tenants/acme/retention-policy", "{\"days\":0}", this.fixture.agent)
			.statusCode()).isEqualTo(403);
		this.fixture.inbound("+1 415 555 0104", "forever", "f-1");
		this.clock.advance(Duration.ofDays(4000));
		assertThat(this.fixture.tombot.bean(RetentionPurge.class).purgeAll()).isEmpty();
		assertThat(count("message")).isEqualTo(1);
	}

}
