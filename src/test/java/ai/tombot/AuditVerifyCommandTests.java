package ai.tombot;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./tombot audit verify}, {@code archive} and {@code open-archive} against the stores of a stopped server. */
class AuditVerifyCommandTests {

	@TempDir
	Path dataDir;

	private record Run(int status, String out, String err) {
	}

	private Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = TombotApplication.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void verify_passesAnIntactTrail_andNamesATamperedEntry_withExitStatus1() throws Exception {
		UUID tenant;
		try (RunningTombot tombot = RunningTombot.start(this.dataDir)) {
			tenant = tombot.bean(TenantService.class).create("acme", "Acme", "eu").id();
			for (int i = 0; i < 3; i++) {
				tombot.bean(AuditTrail.class)
					.tenant(AuditEvent.success(AuditActor.system(), tenant, "message.read", "message", "m" + i));
			}
		}
		String dir = this.dataDir.toString();
		Run intact = run("audit", "verify", "--data-dir", dir);
		assertThat(intact.status()).as(intact.err()).isZero();
		assertThat(intact.out()).contains("control control:").contains("eu " + tenant + ": 3 entries, 0 signed checkpoints, intact");

		try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + this.dataDir.resolve("eu/tombot")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "tombot", ""); Statement sql = h2.createStatement()) {
			sql.execute("drop trigger audit_entry_append_only");
			sql.execute("update audit_entry set resource_id = 'forged' where seq = 2");
		}
		Run broken = run("audit", "verify", "--data-dir", dir, "--tenant", "acme");
		assertThat(broken.status()).isEqualTo(1);
		assertThat(broken.out()).contains("eu " + tenant + ": 1 entries").contains("BROKEN at entry 2: modified");
		assertThat(run("audit", "verify", "--data-dir", dir, "--tenant", "nobody").status()).isEqualTo(2);
		assertThat(run("audit", "check").status()).isEqualTo(2);
	}

	@Test
	void archive_andOpenArchive_runOnTheStoresOfAStoppedServer() throws Exception {
		Path file;
		// written 400 days ago: the database deletes no entry of the latest 90 days
		TestClock clock = new TestClock(java.time.Instant.now().minus(java.time.Duration.ofDays(400)));
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, java.util.Map.of("tombot.audit.checkpoint-every", "2"),
				clock)) {
			UUID tenant = tombot.bean(TenantService.class).create("acme", "Acme", "eu").id();
			for (int i = 0; i < 4; i++) {
				tombot.bean(AuditTrail.class)
					.tenant(AuditEvent.success(AuditActor.system(), tenant, "message.read", "message", "m" + i));
			}
			for (int i = 0; i < 3; i++) {
				tombot.bean(AuditTrail.class)
					.control(AuditEvent.success(AuditActor.system(), null, "tenant.status", "tenant", tenant.toString()));
			}
			file = ai.tombot.audit.internal.ArchivesForTests.archiveBefore(tombot, "eu", tenant, clock.instant().plusSeconds(1));
		}
		String dir = this.dataDir.toString();
		// by the real clock everything is over a year old: the command archives what it can (the
		// control chain up to its last checkpoint), and every chain still verifies
		Run archive = run("audit", "archive", "--data-dir", dir);
		assertThat(archive.status()).as(archive.err()).isZero();
		assertThat(archive.out()).contains("control control: entries 1 to ")
			.contains("archives written (entries older than 365 days)");
		Run verified = run("audit", "verify", "--data-dir", dir);
		assertThat(verified.status()).as(verified.out()).isZero();

		Path out = this.dataDir.resolve("entries.jsonl");
		Run opened = run("audit", "open-archive", file.toString(), "--out", out.toString(), "--data-dir", dir);
		assertThat(opened.status()).as(opened.out() + opened.err()).isZero();
		assertThat(opened.out()).contains("entries 1 to 4").contains("intact");
		assertThat(java.nio.file.Files.readString(out)).contains("\"id\":\"m3\"");
		Run verify = run("audit", "verify-export", out.toString());
		assertThat(verify.status()).as(verify.out()).isZero();

		assertThat(run("audit", "open-archive", file.toString(), "--data-dir", dir).status()).as("no --out").isEqualTo(2);
		assertThat(run("audit", "open-archive", this.dataDir.resolve("missing.tbar").toString(), "--out",
				out.toString(), "--data-dir", dir).status()).isEqualTo(2);
	}

}
