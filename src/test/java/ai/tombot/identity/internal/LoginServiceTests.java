package ai.tombot.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.keys.internal.TestControlKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Login must cost one Argon2 verification whatever the outcome: no timing oracle for usernames. */
class LoginServiceTests {

	private final AtomicInteger verifications = new AtomicInteger();

	private final Passwords passwords = new Passwords() {
		@Override
		boolean matches(CharSequence password, String hash) {
			LoginServiceTests.this.verifications.incrementAndGet();
			return super.matches(password, hash);
		}

		@Override
		void spendVerification(CharSequence password) {
			LoginServiceTests.this.verifications.incrementAndGet();
			super.spendVerification(password);
		}
	};

	private final String hash = this.passwords.hash("Right-password-1");

	private UserRepository.StoredUser stored;

	/** Never queried: the repository and the session store below are overridden. */
	private final Stores unused = new Stores() {
		@Override
		public Store control() {
			return new Store("control", JdbcClient.create(new DriverManagerDataSource("jdbc:h2:mem:unused")), null);
		}

		@Override
		public Store region(String region) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Set<String> regions() {
			return Set.of();
		}
	};

	private final UserRepository users = new UserRepository(this.unused) {
		@Override
		Optional<StoredUser> findPlatformUser(String username) {
			return Optional.ofNullable(LoginServiceTests.this.stored);
		}

		@Override
		int claimAttempt(UUID userId, java.time.Instant now) {
			return 1;
		}

		@Override
		boolean clearAttempts(UUID userId, java.time.Instant now) {
			return true;
		}

		@Override
		void unclaimAttempt(UUID userId) {
		}
	};

	private final SessionStore sessions = new SessionStore(this.unused, this.users,
			IdentityProperties.sessions(Duration.ofMinutes(15), Duration.ofHours(12)), Clock.systemUTC()) {
		@Override
		NewSession open(UUID userId) {
			return new NewSession("token", java.time.Instant.EPOCH);
		}

		@Override
		NewSession open(UUID userId, Runnable alongside) {
			alongside.run();
			return open(userId);
		}
	};

	private final IdentityProperties properties = IdentityProperties.sessions(Duration.ofMinutes(15), Duration.ofHours(12));

	/** No user here has a second factor. */
	private final MfaService mfa = new MfaService(new MfaRepository(this.unused), TestControlKeys.of(new byte[32]),
			new NoTenants(), null, this.unused, event -> {
			}, Clock.systemUTC()) {
		@Override
		boolean enrolled(UUID userId) {
			return false;
		}
	};

	private final LoginService logins = new LoginService(this.users, this.passwords, this.sessions, new NoTenants(),
			new LoginThrottle(this.properties), this.mfa,
			new NetworkAllowlists(new NoTenants(), event -> {
			}, Clock.systemUTC()), event -> {
			}, this.properties, Clock.systemUTC());

	private static LoginService.Attempt attempt(String tenant, String username, String password) {
		return new LoginService.Attempt(tenant, username, password, "127.0.0.1", null);
	}

	@Test
	void login_unknownUser_spendsOneVerificationAndFails() {
		this.stored = null;
		assertThatThrownBy(() -> this.logins.login(attempt(null, "ghost", "Right-password-1"))).isInstanceOf(ApiProblem.class);
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void login_wrongPassword_spendsOneVerificationAndFails() {
		this.stored = new UserRepository.StoredUser(UUID.randomUUID(), "ops", null, this.hash, true);
		assertThatThrownBy(() -> this.logins.login(attempt(null, "ops", "Wrong-password-1"))).isInstanceOf(ApiProblem.class);
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void login_disabledUserWithRightPassword_spendsOneVerificationAndFailsLikeTheOthers() {
		this.stored = new UserRepository.StoredUser(UUID.randomUUID(), "ops", null, this.hash, false);
		assertThatThrownBy(() -> this.logins.login(attempt(null, "ops", "Right-password-1")))
			.isInstanceOfSatisfying(ApiProblem.class, problem -> {
				assertThat(problem.type()).isEqualTo(LoginService.TYPE_LOGIN_FAILED);
				assertThat(problem.getMessage()).isEqualTo("The username or the password is wrong");
			});
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void login_unknownTenant_spendsOneVerificationAndFails() {
		this.stored = new UserRepository.StoredUser(UUID.randomUUID(), "ops", null, this.hash, true);
		assertThatThrownBy(() -> this.logins.login(attempt("no-such-tenant", "ops", "Right-password-1")))
			.isInstanceOf(ApiProblem.class);
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void login_rightPassword_opensASession() {
		this.stored = new UserRepository.StoredUser(UUID.randomUUID(), "ops", null, this.hash, true);
		assertThat(this.logins.login(attempt(null, "ops", "Right-password-1")).session().token()).isEqualTo("token");
		assertThat(this.verifications).hasValue(1);
	}

}
