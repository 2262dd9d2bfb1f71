package ai.tombot.audit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.tombot.RunningTombot;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

import static ai.tombot.RunningTombot.json;
import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full journey through everything audited so far, then every entry of every store is
 * searched for the secrets and raw identifiers that passed through: passwords (right and
 * wrong), session tokens, an API key, a TOTP secret and recovery codes, usernames, an e-mail
 * address, and the free-text reason of an erasure.
 */
class AuditNoSecretsJourneyTests {

	private static final String OPERATOR = "ops-journey-person";

	private static final String PASSWORD = "Journey-secret-pass-1";

	private static final String NEW_PASSWORD = "Journey-changed-pass-2";

	private static final String WRONG = "Journey-wrong-guess-3";

	private static final String ADMIN = "admin-journey-person";

	private static final String EMAIL = "alice.journey@example.com";

	private static final String ERASURE_REASON = "erase alice.journey@example.com at her request";

	@TempDir
	Path dataDir;

	@Test
	void noEntryOfAFullJourney_holdsASecretOrARawIdentifier() throws Exception {
		List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, WRONG, OPERATOR, ADMIN, EMAIL,
				ERASURE_REASON));
		// most entries sealed in segments of three (see Segments), the rest rows: both are read
		try (RunningTombot tombot = RunningTombot.start(this.dataDir,
				Map.of("tombot.audit.seal-every", "3", "tombot.audit.checkpoint-every", "3"))) {
			String operator = tombot.setUpAndLogIn(OPERATOR, PASSWORD);
			secrets.add(operator);
			tombot.post("/api/v1/auth/login", json(Map.of("username", OPERATOR, "password", WRONG)), null);
			tombot.post("/api/v1/tenants", "{\"slug\":\"journey\",\"name\":\"Journey\",\"region\":\"eu\"}", operator);
			assertThat(tombot.post("/api/v1/tenants/journey/users", json(Map.of("username", ADMIN, "email", EMAIL,
					"password", PASSWORD, "roles", List.of("ADMIN"))), operator).statusCode()).isEqualTo(201);
			String admin = tombot.logIn("journey", ADMIN, PASSWORD);
			secrets.add(admin);
			RunningTombot.Authenticator app = tombot.enrolMfa("journey", ADMIN, PASSWORD, admin);
			secrets.add(app.secret());
			secrets.addAll(app.recoveryCodes());
			tombot.post("/api/v1/me/password", json(Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD)),
					admin);
			tombot.post("/api/v1/auth/login", json(Map.of("tenant", "journey", "username", ADMIN, "password", WRONG)),
					null);
			String key = parse(tombot.post("/api/v1/tenants/journey/api-keys",
					"{\"name\":\"bot\",\"scopes\":[\"messages:write\"]}", operator).body()).get("key").asString();
			secrets.add(key);
			tombot.get("/api/v1/me", key);
			tombot.post("/api/v1/tenants/journey/keys/rotate", "", operator);
			tombot.put("/api/v1/tenants/journey/mfa-policy", "{\"required\":true}", operator);
			UUID tenant = tombot.bean(TenantService.class).find("journey").orElseThrow().id();
			KeyService keys = tombot.bean(KeyService.class);
			keys.encrypt(tenant, "subject-1", "a message".getBytes(), "message/1");
			keys.destroySubjectKey(tenant, "subject-1", ERASURE_REASON);
			tombot.get("/api/v1/tenants/journey/audit", operator);
			tombot.post("/api/v1/audit/verify", "", operator);

			Stores stores = tombot.bean(Stores.class);
			List<String> rows = new ArrayList<>();
			int[] sealed = { 0 };
			for (var store : List.of(stores.control(), stores.region("eu"), stores.region("us"))) {
				store.jdbc().sql("select * from audit_entry").query().listOfRows().forEach(row -> rows.add(row.toString()));
				for (Segments.Segment segment : store.jdbc()
					.sql("select chain, from_seq, to_seq, min_at, max_at, entries from audit_segment")
					.query((rs, row) -> new Segments.Segment(rs.getString(1), rs.getLong(2), rs.getLong(3),
							ai.tombot.platform.SqlTime.instant(rs, 4), ai.tombot.platform.SqlTime.instant(rs, 5),
							rs.getBytes(6)))
					.list()) {
					SegmentFormat.decode(segment).forEach(row -> rows.add(row.toString()));
					// and the bytes as stored
					rows.add(new String(segment.entries(), java.nio.charset.StandardCharsets.UTF_8));
					sealed[0]++;
				}
			}
			assertThat(sealed[0]).as("segments of the journey").isGreaterThan(3);
			assertThat(rows).as("entries of the journey").hasSizeGreaterThan(15);
			assertThat(String.join("\n", rows)).contains("subject-key.destroy", "user.password-changed", "api-key.create",
					"mfa.enrol", "tenant.mfa-policy", "tenant-key.rotate");
			for (String secret : secrets) {
				assertThat(rows).as("no entry holds " + secret.substring(0, Math.min(4, secret.length())) + "…")
					.noneMatch(row -> row.contains(secret));
			}
		}
	}

}
