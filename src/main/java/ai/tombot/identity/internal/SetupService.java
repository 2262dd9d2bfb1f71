package ai.tombot.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import ai.tombot.identity.Role;
import ai.tombot.identity.UserChanged;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.platform.TombotProperties;

/**
 * The one-time creation of the first platform operator. While no operator exists, each start
 * writes a fresh setup token (256 random bits) to {@code <data-dir>/setup-token}, mode 0600,
 * replacing the one this node wrote before, and keeps only its hash, in the control store,
 * so that any node can check it. A token is valid for {@link #TOKEN_LIFETIME}; whoever can
 * read the file can create the first operator, once.
 */
@Service
class SetupService {

	static final String TYPE_SETUP_DONE = "urn:tombot:problem:setup-already-done";

	static final String TYPE_BAD_SETUP_TOKEN = "urn:tombot:problem:invalid-setup-token";

	static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

	private static final Logger log = LoggerFactory.getLogger(SetupService.class);

	private final Store control;

	private final UserRepository users;

	private final Passwords passwords;

	private final Clock clock;

	private final Path tokenFile;

	private final ApplicationEventPublisher events;

	SetupService(Stores stores, UserRepository users, Passwords passwords, Clock clock, TombotProperties properties,
			ApplicationEventPublisher events) {
		this.events = events;
		this.control = stores.control();
		this.users = users;
		this.passwords = passwords;
		this.clock = clock;
		this.tokenFile = properties.dataDir().resolve("setup-token").toAbsolutePath().normalize();
	}

	/**
	 * Offers setup while no operator exists. A failure here is logged, not thrown: the node
	 * still serves, and setup can use the token of another node or of the next start.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void offerSetupIfNeeded() {
		try {
			offerSetup();
		}
		catch (IOException | RuntimeException ex) {
			log.error("Could not offer the one-time setup token in {}: {}", this.tokenFile, ex.toString());
		}
	}

	private void offerSetup() throws IOException {
		if (isDone()) {
			Files.deleteIfExists(this.tokenFile);
			return;
		}
		String token = Tokens.random256();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String previous = Files.isRegularFile(this.tokenFile) ? Files.readString(this.tokenFile).strip() : null;
		this.control.tx().executeWithoutResult(status -> {
			this.control.jdbc().sql("delete from setup_token where expires_at <= :now").param("now", SqlTime.ts(now)).update();
			if (previous != null) {
				this.control.jdbc()
					.sql("delete from setup_token where token_hash = :hash")
					.param("hash", Tokens.hash(previous))
					.update();
			}
			this.control.jdbc()
				.sql("insert into setup_token (token_hash, created_at, expires_at) values (:hash, :now, :expires)")
				.param("hash", Tokens.hash(token))
				.param("now", SqlTime.ts(now))
				.param("expires", SqlTime.ts(now.plus(TOKEN_LIFETIME)))
				.update();
		});
		PrivateFiles.write(this.tokenFile, (token + "\n").getBytes(StandardCharsets.US_ASCII));
		log.info("No operator exists yet. The one-time setup token is in {} (readable by this user only); "
				+ "POST it to /api/v1/setup to create the first operator", this.tokenFile);
	}

	boolean isDone() {
		return this.control.jdbc().sql("select count(*) from setup_completion").query(Integer.class).single() > 0;
	}

	/**
	 * Creates the first operator. Synchronized so that concurrent calls on one node do not
	 * even reach the database together; across nodes the primary keys decide.
	 */
	synchronized UUID setUp(String setupToken, String username, String password) {
		if (isDone()) {
			throw done();
		}
		// The lookup is by hash: comparing hashes of a 256-bit secret leaks nothing useful.
		boolean valid = this.control.jdbc()
			.sql("select count(*) from setup_token where token_hash = :hash and expires_at > :now")
			.param("hash", Tokens.hash(setupToken))
			.param("now", SqlTime.ts(this.clock.instant()))
			.query(Integer.class)
			.single() > 0;
		if (!valid) {
			throw new ApiProblem(HttpStatus.UNAUTHORIZED, TYPE_BAD_SETUP_TOKEN, "Invalid setup token",
					"The setup token is not valid; read it from the setup-token file in the data directory "
							+ "(a token expires 24 hours after the start that wrote it; restart the server for a new one)");
		}
		Usernames.check(username);
		PasswordPolicy.check(password, username);
		String hash = this.passwords.hash(password);
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		try {
			this.control.tx().executeWithoutResult(status -> {
				this.users.insertPlatformUser(id, username, hash, EnumSet.of(Role.OPERATOR), now);
				this.control.jdbc()
					.sql("insert into setup_completion (id, completed_at, operator_id) values (1, :now, :id)")
					.param("now", SqlTime.ts(now))
					.param("id", id)
					.update();
				this.control.jdbc().sql("delete from setup_token").update();
				// the first operator's audit entry commits with it, or setup does not happen
				this.events.publishEvent(new UserChanged(null, id, null, "created", now));
			});
		}
		catch (DataIntegrityViolationException | ConcurrencyFailureException ex) {
			if (isDone()) {
				throw done();
			}
			throw ex;
		}
		try {
			Files.deleteIfExists(this.tokenFile);
		}
		catch (IOException ex) {
			// the operator exists and the token is void (its hash is gone): only the file lingers
			log.warn("Setup is done but the used token file {} could not be deleted ({}); delete it by hand",
					this.tokenFile, ex.toString());
		}
		log.info("Setup done: the first operator was created (id {})", id);
		return id;
	}

	private static ApiProblem done() {
		return new ApiProblem(HttpStatus.CONFLICT, TYPE_SETUP_DONE, "Setup already done",
				"The first operator exists already; log in instead");
	}

}
