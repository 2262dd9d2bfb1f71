package ai.tombot.identity.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.identity.MfaEnrolled;
import ai.tombot.identity.internal.MfaRepository.Enrolment;
import ai.tombot.keys.ControlKeys;
import ai.tombot.keys.OtpSecret;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.Base32;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * The TOTP second factor: enrolment with a secret shown once and confirmed by a first code,
 * ten single-use recovery codes, and the check of a code at login. A TOTP code is accepted
 * once only: a step at or before the last accepted one is refused, so a code seen over a
 * shoulder or in a log cannot be replayed within its window.
 */
@Service
class MfaService {

	static final String TYPE_ALREADY_ENROLLED = "urn:tombot:problem:mfa-already-enrolled";

	static final String TYPE_NOT_STARTED = "urn:tombot:problem:mfa-enrollment-not-started";

	static final String TYPE_CODE_INVALID = "urn:tombot:problem:mfa-code-invalid";

	static final int RECOVERY_CODES = 10;

	/** How long the second step of a login may wait for its code. */
	static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

	/** Codes one pending login may try before it ends (the account's lockout counts wrong ones too). */
	static final int CHALLENGE_MAX_ATTEMPTS = 5;

	private static final Logger log = LoggerFactory.getLogger(MfaService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final MfaRepository mfa;

	private final ControlKeys keys;

	private final TenantService tenants;

	private final PasswordChanges passwords;

	private final Store control;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MfaService(MfaRepository mfa, ControlKeys keys, TenantService tenants, PasswordChanges passwords, Stores stores,
			ApplicationEventPublisher events, Clock clock) {
		this.mfa = mfa;
		this.passwords = passwords;
		this.keys = keys;
		this.tenants = tenants;
		this.control = stores.control();
		this.events = events;
		this.clock = clock;
	}

	/** A new enrolment; {@code toString} hides the secret. */
	record Enrolling(String secret, String otpauthUri) {

		@Override
		public String toString() {
			return "Enrolling[<hidden>]";
		}

	}

	/** A pending login; {@code toString} hides the token. */
	record Challenge(String mfaToken, Instant expiresAt) {

		@Override
		public String toString() {
			return "Challenge[mfaToken=<hidden>, expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * Starts an enrolment; the current password is asked again, so that a stolen session alone
	 * cannot bind the thief's authenticator to the account.
	 */
	Enrolling begin(AuthenticatedUser user, String currentPassword) {
		this.passwords.confirmCurrentPassword(user, currentPassword);
		OtpSecret secret = this.keys.newOtpSecret(associatedData(user.id()));
		boolean begun;
		try {
			begun = Boolean.TRUE.equals(this.control.tx().execute(status -> this.mfa.begin(user.id(), secret.sealed())));
		}
		catch (DuplicateKeyException ex) {
			throw ApiProblem.conflict(ProblemTypes.CONFLICT, "Another enrolment started at the same moment; start again");
		}
		if (!begun) {
			throw ApiProblem.conflict(TYPE_ALREADY_ENROLLED,
					"You have a second factor already; an admin can reset it if you have lost it");
		}
		String base32 = secret.base32();
		log.info("User {} started a TOTP enrolment", user.id());
		return new Enrolling(base32, otpauthUri(account(user), base32));
	}

	/** Confirms an enrolment with its first code; answers the recovery codes, shown this once. */
	List<String> confirm(AuthenticatedUser user, String code) {
		Enrolment enrolment = this.mfa.enrolment(user.id())
			.orElseThrow(() -> ApiProblem.conflict(TYPE_NOT_STARTED, "Start with POST /api/v1/me/mfa/totp"));
		if (enrolment.confirmedAt() != null) {
			throw ApiProblem.conflict(TYPE_ALREADY_ENROLLED, "Your second factor is confirmed already");
		}
		Instant now = this.clock.instant();
		if (!totpAccepted(enrolment, code, now)) {
			throw new ApiProblem(HttpStatus.BAD_REQUEST, TYPE_CODE_INVALID, "Wrong code",
					"The code does not match; check the authenticator app's clock and try the next code");
		}
		List<String> codes = new ArrayList<>();
		List<String> hashes = new ArrayList<>();
		for (int i = 0; i < RECOVERY_CODES; i++) {
			String recovery = newRecoveryCode();
			codes.add(recovery);
			hashes.add(recoveryHash(user.id(), recovery));
		}
		boolean confirmed = Boolean.TRUE.equals(this.control.tx().execute(status -> {
			boolean done = this.mfa.confirm(user.id(), hashes, now.truncatedTo(ChronoUnit.MILLIS));
			if (done) {
				// the audit entry commits with the enrolment, or neither does
				this.events.publishEvent(new MfaEnrolled(user.tenantId(), user.id(), now));
			}
			return done;
		}));
		if (!confirmed) {
			throw ApiProblem.conflict(TYPE_ALREADY_ENROLLED, "Your second factor is confirmed already");
		}
		log.info("User {} confirmed its TOTP enrolment", user.id());
		return codes;
	}

	boolean enrolled(UUID userId) {
		return this.mfa.confirmed(userId);
	}

	Challenge challenge(UUID userId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String token = Tokens.random256();
		Instant expiresAt = now.plus(CHALLENGE_LIFETIME);
		this.mfa.insertChallenge(Tokens.hash(token), userId, now, expiresAt);
		return new Challenge(token, expiresAt);
	}

	/** The user of a pending login, if the token is of one that has not expired. */
	Optional<UUID> challengeUser(String mfaToken) {
		return this.mfa.challengeUser(Tokens.hash(mfaToken), this.clock.instant());
	}

	/** Counts a code tried on the pending login, before it is checked; false when it may try no more. */
	boolean claimChallenge(String mfaToken) {
		return this.mfa.claimChallenge(Tokens.hash(mfaToken), CHALLENGE_MAX_ATTEMPTS, this.clock.instant());
	}

	boolean endChallenge(String mfaToken) {
		return this.mfa.endChallenge(Tokens.hash(mfaToken));
	}

	/**
	 * Whether {@code code} is the user's current TOTP code, never used before, or one of its
	 * unused recovery codes (which it then uses up).
	 */
	boolean verify(UUID userId, String code) {
		Optional<Enrolment> enrolment = this.mfa.enrolment(userId).filter(found -> found.confirmedAt() != null);
		if (enrolment.isEmpty() || code == null || code.length() > 32) {
			return false;
		}
		Instant now = this.clock.instant();
		if (code.strip().matches("[0-9 ]+")) {
			return totpAccepted(enrolment.get(), code.strip(), now);
		}
		boolean used = this.mfa.useRecoveryCode(userId, recoveryHash(userId, code), now);
		if (used) {
			log.warn("User {} logged in with a recovery code; {} left", userId, this.mfa.unusedRecoveryCodes(userId));
		}
		return used;
	}

	/** An admin's reset, for a user who lost its authenticator and its recovery codes. */
	boolean reset(UUID userId) {
		return Boolean.TRUE.equals(this.control.tx().execute(status -> this.mfa.remove(userId)));
	}

	private boolean totpAccepted(Enrolment enrolment, String code, Instant now) {
		OptionalLong step = this.keys.otpStep(enrolment.sealedSecret(), associatedData(enrolment.userId()), code, now);
		return step.isPresent() && this.mfa.acceptStep(enrolment.userId(), step.getAsLong());
	}

	private String account(AuthenticatedUser user) {
		if (user.platformStaff()) {
			return user.username();
		}
		return this.tenants.find(user.tenantId()).map(Tenant::slug).orElse("tenant") + "/" + user.username();
	}

	/** The {@code otpauth://} URI authenticator apps scan as a QR code (RFC 6238: SHA-1, 6 digits, 30 s). */
	static String otpauthUri(String account, String base32Secret) {
		String issuer = "Tombot";
		return "otpauth://totp/" + uriEncode(issuer + ":" + account) + "?secret=" + base32Secret + "&issuer="
				+ uriEncode(issuer) + "&algorithm=SHA1&digits=6&period=30";
	}

	private static String uriEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String associatedData(UUID userId) {
		return "user_mfa.secret|" + userId;
	}

	/** 60 random bits as {@code xxxx-xxxx-xxxx} in lower-case base32. */
	private static String newRecoveryCode() {
		byte[] bytes = new byte[8];
		RANDOM.nextBytes(bytes);
		String chars = Base32.encode(bytes).substring(0, 12).toLowerCase(Locale.ROOT);
		return chars.substring(0, 4) + "-" + chars.substring(4, 8) + "-" + chars.substring(8);
	}

	/** Recovery codes compare without dashes, spaces or case. */
	private String recoveryHash(UUID userId, String code) {
		String normalized = code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
		return HexFormat.of()
			.formatHex(this.keys.mac("recovery-codes", (userId + ":" + normalized).getBytes(StandardCharsets.UTF_8)));
	}

}
