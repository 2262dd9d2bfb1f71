package ai.tombot.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditVerification;
import ai.tombot.keys.AuditSigner;

import static ai.tombot.RunningTombot.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** An export of the trail, checked offline with the public key: intact, and every kind of change to it caught. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditExportTests {

	private static final String PASSWORD = "Audit-export-pass-1";

	@TempDir
	static Path dataDir;

	@TempDir
	Path files;

	RunningTombot tombot;

	String operator;

	@BeforeAll
	void start() throws Exception {
		this.tombot = RunningTombot.start(dataDir, Map.of("tombot.audit.checkpoint-every", "2"));
		this.operator = this.tombot.setUpAndLogIn("ops", PASSWORD);
		for (String slug : new String[] { "acme", "globex", "initech" }) {
			this.tombot.post("/api/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"N\",\"region\":\"eu\"}", this.operator);
		}
	}

	@AfterAll
	void stop() {
		if (this.tombot != null) {
			this.tombot.close();
		}
	}

	private record Result(int status, String out) {
	}

	private Result verify(Path export, Path key) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = AuditVerification.verifyExport(export, key, new PrintStream(out, true, StandardCharsets.UTF_8));
		return new Result(status, out.toString(StandardCharsets.UTF_8));
	}

	private List<String> export() throws Exception {
		HttpResponse<String> answer = this.tombot.get("/api/v1/audit/export", this.operator);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("application/x-ndjson"));
		return new ArrayList<>(answer.body().lines().toList());
	}

	private Path write(String name, List<String> lines) throws Exception {
		return Files.write(this.files.resolve(name), lines);
	}

	@Test
	void anExport_verifiesOffline_withThePinnedPublicKey() throws Exception {
		List<String> lines = export();
		assertThat(lines.stream().filter(line -> line.contains("\"type\":\"checkpoint\""))).isNotEmpty();
		Path key = Files.writeString(this.files.resolve("control.pub.json"),
				this.tombot.bean(AuditSigner.class).publicKeyset("control"));
		Result pinned = verify(write("intact.jsonl", lines), key);
		assertThat(pinned.status()).as(pinned.out()).isZero();
		assertThat(pinned.out()).contains("control control:").contains("intact");
		JsonNode keys = parse(this.tombot.get("/api/v1/audit/public-keys", this.operator).body());
		assertThat(keys.get("control").get("publicKeyset").asString())
			.isEqualTo(this.tombot.bean(AuditSigner.class).publicKeyset("control"));
		assertThat(keys.get("eu").get("fingerprint").asString()).hasSize(64);
		Result own = verify(write("intact.jsonl", lines), null);
		assertThat(own.status()).isZero();
		assertThat(own.out()).contains("pin one with --public-key");
		Path otherKey = Files.writeString(this.files.resolve("eu.pub.json"),
				this.tombot.bean(AuditSigner.class).publicKeyset("eu"));
		Result wrongKey = verify(write("intact.jsonl", lines), otherKey);
		assertThat(wrongKey.status()).isEqualTo(1);
		assertThat(wrongKey.out()).contains("signature does not verify");
	}

	@Test
	void changedDroppedOrForgedLines_areCaught() throws Exception {
		List<String> lines = export();
		int entry = indexOf(lines, "\"action\":\"tenant.create\"");
		List<String> modified = new ArrayList<>(lines);
		modified.set(entry, modified.get(entry).replace("\"outcome\":\"success\"", "\"outcome\":\"failure\""));
		assertThat(verify(write("modified.jsonl", modified), null)).satisfies(result -> {
			assertThat(result.status()).isEqualTo(1);
			assertThat(result.out()).contains("modified");
		});
		List<String> dropped = new ArrayList<>(lines);
		dropped.remove(entry);
		assertThat(verify(write("dropped.jsonl", dropped), null)).satisfies(result -> {
			assertThat(result.status()).isEqualTo(1);
			assertThat(result.out()).contains("deleted");
		});
		int checkpoint = indexOf(lines, "\"type\":\"checkpoint\"");
		List<String> forged = new ArrayList<>(lines);
		String signature = parse(forged.get(checkpoint)).get("signature").asString();
		forged.set(checkpoint, forged.get(checkpoint).replace(signature, "AAAA" + signature.substring(4)));
		assertThat(verify(write("forged.jsonl", forged), null).status()).isEqualTo(1);
		assertThat(verify(write("garbage.jsonl", List.of("{}")), null).status()).isEqualTo(2);
		int firstEntry = indexOf(lines, "\"type\":\"entry\"");
		List<String> headless = new ArrayList<>(lines);
		headless.remove(firstEntry);
		assertThat(verify(write("headless.jsonl", headless), null).out()).as("the first entry dropped")
			.contains("does not start where its signed header says");
		List<String> unsigned = new ArrayList<>(lines.stream().filter(line -> !line.contains("\"type\":\"checkpoint\""))
			.toList());
		assertThat(verify(write("unsigned.jsonl", unsigned), null)).as("every checkpoint dropped").satisfies(result -> {
			assertThat(result.status()).isEqualTo(1);
			assertThat(result.out()).contains("not covered by a signed checkpoint");
		});
		List<String> shortened = new ArrayList<>(lines);
		shortened.set(0, shortened.get(0).replaceFirst("\"lastSeq\":(\\d+)", "\"lastSeq\":2"));
		assertThat(verify(write("shortened.jsonl", shortened), null).out()).as("the header's range changed")
			.contains("header's signature does not verify");
	}

	@Test
	void aTenantsExport_isForItsReaders_andIsItselfAudited() throws Exception {
		HttpResponse<String> answer = this.tombot.get("/api/v1/tenants/acme/audit/export?from=2000-01-01T00:00:00Z",
				this.operator);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body().lines().findFirst()).hasValueSatisfying(header -> assertThat(header)
			.contains("\"store\":\"eu\""));
		assertThat(parse(this.tombot.get("/api/v1/tenants/acme/audit?action=audit.export", this.operator).body())
			.get("entries").size()).isPositive();
	}

	private static int indexOf(List<String> lines, String fragment) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(fragment)) {
				return i;
			}
		}
		throw new AssertionError("no line with " + fragment);
	}

}
