package ai.tombot.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import ai.tombot.identity.Role;

import static org.assertj.core.api.Assertions.assertThat;

/** Session lifetimes against a fixed clock: 15 minutes idle, 12 hours absolute. */
class SessionStoreTests {

	private final ai.tombot.TestClock clock = new ai.tombot.TestClock(Instant.parse("2026-11-29T09:00:00Z"));

	private SessionStore sessions;

	private UUID userId;

	private JdbcClient jdbc;

	@BeforeEach
	void controlStore() {
		ControlStoreFixture stores = new ControlStoreFixture();
		this.jdbc = stores.jdbc();
		UserRepository users = new UserRepository(stores);
		this.userId = UUID.randomUUID();
		users.insertPlatformUser(this.userId, "ops", "$argon2id$not-a-real-hash", EnumSet.of(Role.OPERATOR),
				this.clock.instant());
		this.sessions = new SessionStore(stores, users,
				IdentityProperties.sessions(Duration.ofMinutes(15), Duration.ofHours(12)), this.clock);
	}

	@Test
	void session_usedWithinIdleTimeout_staysValidUntilAbsoluteLifetime() {
		SessionStore.NewSession session = this.sessions.open(this.userId);
		assertThat(session.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(12)));
		for (int i = 0; i < 51; i++) { // 51 x 14 min = 11 h 54 min
			this.clock.advance(Duration.ofMinutes(14));
			assertThat(this.sessions.authenticate(session.token())).as("after %d uses", i).isPresent();
		}
		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.sessions.authenticate(session.token())).as("past 12 hours").isEmpty();
	}

	@Test
	void session_idleFor15Minutes_ends() {
		SessionStore.NewSession session = this.sessions.open(this.userId);
		this.clock.advance(Duration.ofMinutes(14).plusSeconds(59));
		assertThat(this.sessions.authenticate(session.token())).isPresent();
		this.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
		assertThat(this.sessions.authenticate(session.token())).isEmpty();
	}

	@Test
	void session_revokedOrUserDisabled_ends() {
		SessionStore.NewSession revoked = this.sessions.open(this.userId);
		this.jdbc.sql("update user_session set revoked_at = created_at").update();
		assertThat(this.sessions.authenticate(revoked.token())).isEmpty();
		SessionStore.NewSession live = this.sessions.open(this.userId);
		assertThat(this.sessions.authenticate(live.token())).get()
			.satisfies(user -> assertThat(user.roles()).containsExactly(Role.OPERATOR));
		this.jdbc.sql("update app_user set status = 'disabled'").update();
		assertThat(this.sessions.authenticate(live.token())).isEmpty();
	}

	@Test
	void session_unknownToken_isEmpty() {
		assertThat(this.sessions.authenticate("made-up")).isEmpty();
	}

}
