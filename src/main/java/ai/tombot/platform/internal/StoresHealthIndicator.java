package ai.tombot.platform.internal;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import ai.tombot.platform.Stores;

/**
 * UP only when every store answers a validity check. The stores are checked in parallel and
 * the whole check gives up after {@link #DEADLINE_SECONDS}, so one stalled database makes the
 * answer DOWN, not slow. At most one check per store is in flight: callers that come while
 * one runs wait for that one, so polling a stalled store does not pile up checks. The per-store details are shown to authenticated operators only
 * (see {@code management.endpoint.health}).
 */
@Component("storesHealthIndicator")
class StoresHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	static final int DEADLINE_SECONDS = 3;

	private final Map<String, DataSource> dataSources;

	private final ExecutorService checks;

	private final Map<String, AtomicReference<CompletableFuture<Boolean>>> inFlight = new LinkedHashMap<>();

	StoresHealthIndicator(Stores stores) {
		super("Store health check failed");
		this.dataSources = ((StoreRegistry) stores).dataSources();
		this.checks = Executors.newFixedThreadPool(Math.max(1, this.dataSources.size()), runnable -> {
			Thread thread = new Thread(runnable, "store-health");
			thread.setDaemon(true);
			return thread;
		});
		this.dataSources.keySet().forEach(name -> this.inFlight.put(name, new AtomicReference<>()));
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, CompletableFuture<Boolean>> pending = new LinkedHashMap<>();
		this.dataSources.forEach((name, dataSource) -> pending.put(name, check(name, dataSource)));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
		boolean allUp = true;
		for (Map.Entry<String, CompletableFuture<Boolean>> entry : pending.entrySet()) {
			boolean up;
			try {
				up = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				up = false;
			}
			allUp &= up;
			builder.withDetail(entry.getKey(), up ? "UP" : "DOWN");
		}
		if (allUp) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	private CompletableFuture<Boolean> check(String name, DataSource dataSource) {
		AtomicReference<CompletableFuture<Boolean>> slot = this.inFlight.get(name);
		CompletableFuture<Boolean> running = slot.get();
		if (running != null && !running.isDone()) {
			return running;
		}
		CompletableFuture<Boolean> next = new CompletableFuture<>();
		if (!slot.compareAndSet(running, next)) {
			return slot.get();
		}
		this.checks.execute(() -> next.complete(answers(dataSource)));
		return next;
	}

	private static boolean answers(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.isValid(DEADLINE_SECONDS);
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Override
	public void destroy() {
		this.checks.shutdownNow();
	}

}
