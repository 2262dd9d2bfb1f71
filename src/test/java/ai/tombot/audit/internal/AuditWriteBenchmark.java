package ai.tombot.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import ai.tombot.RunningTombot;
import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.TenantService;

/**
 * A write of customer data with its audit entry in the same transaction, against the same
 * write without it, in the same run. The write stores a message-shaped row in the tenant's
 * region store, in a transaction of its own: a 1 KiB body (an encrypted message's size), a
 * primary key, a unique client message id per tenant (what makes ingest idempotent) and an
 * index by conversation and time (what reads page by) — the shape the messages table of the
 * ingest path needs. The audited write also appends a {@code message.create} entry to the
 * tenant's chain (head lock, entry, head move, a signed checkpoint every 1,000 entries), with
 * the request's address, user agent and id. Embedded stores commit every transaction to disk
 * ({@code WRITE_DELAY=0}), so both pay for that. Goal: the audited write costs at most 1.5
 * times the bare one. Run with {@code tools/bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuditWriteBenchmark {

	private Path dataDir;

	private RunningTombot tombot;

	private Store store;

	private AuditTrail trail;

	private UUID tenant;

	private final byte[] body = new byte[1024];

	private AuditEvent event;

	/** A thousand open conversations that messages arrive in. */
	private final UUID[] conversations = new UUID[1000];

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.dataDir = Files.createTempDirectory("tombot-bench");
		this.tombot = RunningTombot.start(this.dataDir, Map.of("logging.level.root", "WARN"));
		this.tenant = this.tombot.bean(TenantService.class).create("bench", "Bench", "eu").id();
		this.store = this.tombot.bean(Stores.class).region("eu");
		this.trail = this.tombot.bean(AuditTrail.class);
		new SecureRandom().nextBytes(this.body);
		for (int i = 0; i < this.conversations.length; i++) {
			this.conversations[i] = UUID.randomUUID();
		}
		this.store.jdbc()
			.sql("create table bench_message (id uuid primary key, tenant_id uuid not null, conversation_id uuid not null, "
					+ "client_message_id varchar(100) not null, received_at timestamp with time zone not null, "
					+ "body varbinary(2048) not null, unique (tenant_id, client_message_id))")
			.update();
		this.store.jdbc().sql("create index bench_message_conversation on bench_message (conversation_id, received_at)").update();
		this.event = AuditEvent.success(AuditActor.user(UUID.randomUUID()), this.tenant, "message.create", "message",
				null).withSubject("sub_" + UUID.randomUUID());
	}

	@Setup(Level.Iteration)
	public void request() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/tenants/bench/messages");
		request.setRemoteAddr("203.0.113.7");
		request.addHeader("User-Agent", "bench-client/1.0 (Linux; x86_64) java-http-client/17");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
	}

	@TearDown(Level.Trial)
	public void tearDown() throws java.io.IOException {
		RequestContextHolder.resetRequestAttributes();
		this.tombot.close();
		org.springframework.util.FileSystemUtils.deleteRecursively(this.dataDir); // left behind, runs fill the disk
	}

	@Benchmark
	public void write() {
		this.store.tx().executeWithoutResult(status -> insert(UUID.randomUUID()));
	}

	@Benchmark
	public void auditedWrite() {
		this.store.tx().executeWithoutResult(status -> {
			UUID id = UUID.randomUUID();
			insert(id);
			this.trail.tenant(this.event.withResource("message", id.toString()));
		});
	}

	private void insert(UUID id) {
		this.store.jdbc()
			.sql("insert into bench_message (id, tenant_id, conversation_id, client_message_id, received_at, body) "
					+ "values (:id, :tenant, :conversation, :client, :at, :body)")
			.param("id", id)
			.param("tenant", this.tenant)
			.param("conversation", this.conversations[ThreadLocalRandom.current().nextInt(this.conversations.length)])
			.param("client", "client-" + id)
			.param("at", Timestamp.from(Instant.now()))
			.param("body", this.body)
			.update();
	}

}
