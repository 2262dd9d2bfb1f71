package ai.tombot.identity.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpStatus;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.TombotProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Setup tokens across restarts and nodes, against a fixed clock. */
class SetupServiceTests {

	private static final String PASSWORD = "Setup-service-pass-1";

	private final ControlStoreFixture stores = new ControlStoreFixture();

	private final ai.tombot.TestClock clock = new ai.tombot.TestClock(
			Instant.parse("2026-11-29T09:00:00Z"));

	private final Passwords passwords = new Passwords();

	private SetupService node(Path dataDir) {
		TombotProperties properties = new TombotProperties(dataDir, 8443, 8080, "text", null, Map.of(), null, null);
		return new SetupService(this.stores, new UserRepository(this.stores), this.passwords, this.clock, properties, event -> {
		});
	}

	private static String token(Path dataDir) throws Exception {
		return Files.readString(dataDir.resolve("setup-token")).strip();
	}

	@Test
	void setup_tokenOfEitherNode_works_andThenBothAreGone(@TempDir Path one, @TempDir Path two) throws Exception {
		SetupService first = node(one);
		SetupService second = node(two);
		first.offerSetupIfNeeded();
		second.offerSetupIfNeeded();
		assertThat(this.stores.jdbc().sql("select count(*) from setup_token").query(Integer.class).single()).isEqualTo(2);
		first.setUp(token(two), "ops", PASSWORD);
		assertThat(this.stores.jdbc().sql("select count(*) from setup_token").query(Integer.class).single()).isZero();
		assertThatThrownBy(() -> second.setUp(token(two), "ops2", PASSWORD)).isInstanceOfSatisfying(ApiProblem.class,
				problem -> assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT));
	}

	@Test
	void restart_replacesThisNodesToken(@TempDir Path dataDir) throws Exception {
		SetupService node = node(dataDir);
		node.offerSetupIfNeeded();
		String before = token(dataDir);
		node.offerSetupIfNeeded();
		assertThat(token(dataDir)).isNotEqualTo(before);
		assertThatThrownBy(() -> node.setUp(before, "ops", PASSWORD)).isInstanceOfSatisfying(ApiProblem.class,
				problem -> assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
		assertThat(node.setUp(token(dataDir), "ops", PASSWORD)).isNotNull();
	}

	@Test
	void token_after24Hours_isRefused(@TempDir Path dataDir) throws Exception {
		SetupService node = node(dataDir);
		node.offerSetupIfNeeded();
		this.clock.advance(Duration.ofHours(24));
		assertThatThrownBy(() -> node.setUp(token(dataDir), "ops", PASSWORD)).isInstanceOfSatisfying(ApiProblem.class,
				problem -> assertThat(problem.getMessage()).contains("expires 24 hours"));
		node.offerSetupIfNeeded();
		assertThat(node.setUp(token(dataDir), "ops", PASSWORD)).isNotNull();
	}

}
