package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.RunningTombot;
import ai.tombot.tenancy.TenantService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key that signed a store's checkpoints is never replaced behind their back. */
class AuditSigningKeyTests {

	@TempDir
	Path dataDir;

	@Test
	void aRemovedSigningKey_isRefused_andNeverMadeAgainOverSignedCheckpoints() throws Exception {
		try (RunningTombot tombot = RunningTombot.start(this.dataDir, Map.of("tombot.audit.checkpoint-every", "1"))) {
			tombot.bean(TenantService.class).create("acme", "Acme", "eu");
		}
		try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + this.dataDir.resolve("control/tombot")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "tombot", ""); Statement sql = h2.createStatement()) {
			assertThatThrownBy(() -> sql.execute("delete from audit_signing_key")).hasMessageContaining("append-only");
			sql.execute("drop trigger audit_signing_key_kept");
			assertThat(sql.executeUpdate("delete from audit_signing_key")).isEqualTo(1);
		}
		assertThatThrownBy(() -> RunningTombot.start(this.dataDir).close())
			.hasStackTraceContaining("The audit-signing key of store control is missing")
			.hasStackTraceContaining("holds checkpoints it signed");
	}

}
