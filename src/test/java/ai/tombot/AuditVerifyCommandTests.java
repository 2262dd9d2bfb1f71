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

/** {@code ./tombot audit verify} against the stores of a stopped server. */
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

}
