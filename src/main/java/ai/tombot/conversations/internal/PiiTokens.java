package ai.tombot.conversations.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ai.tombot.keys.Decrypted;
import ai.tombot.keys.KeyService;
import ai.tombot.platform.SqlTime;
import ai.tombot.platform.Stores;
import ai.tombot.redaction.FindingType;
import ai.tombot.tenancy.Tenant;

/**
 * Personal data a tenant's policy tokenizes. A token is {@code tk_} and 22 characters of the
 * value's blind index, so the same value of the same tenant always gets the same token; the
 * value is stored encrypted under the subject's key, and shown again only by {@link #reveal}.
 */
@Component
class PiiTokens {

	/** A token in a stored text: {@code [EMAIL:tk_…]}. Bounded, so it cannot backtrack. */
	private static final Pattern IN_TEXT = Pattern.compile("\\[(EMAIL|PHONE|IBAN|IP_ADDRESS):(tk_[A-Za-z0-9_-]{22})]");

	/**
	 * How far from a text's end a token is read back for split cards: a card's part is the end
	 * of the text's last digit run (at most 19 digits, with separators), and a token is 33
	 * characters. Tokens further in stay unread, so a text full of tokens costs a few reads.
	 */
	static final int SHADOW_REACH = 200;

	private final Stores stores;

	private final KeyService keys;

	PiiTokens(Stores stores, KeyService keys) {
		this.stores = stores;
		this.keys = keys;
	}

	/**
	 * The value's token; its value stored for the subject (or its use noted) in the caller's transaction.
	 */
	String tokenize(Tenant tenant, String subject, FindingType type, String value, Instant now) {
		String token = "tk_" + this.keys.blindIndex(tenant.id(), "pii-token." + type, canonical(type, value)).substring(0, 22);
		int seen = jdbc(tenant).sql("update pii_token set last_used_at = :now where tenant_id = :tenant "
				+ "and subject_id = :subject and token = :token")
			.param("now", SqlTime.ts(now))
			.param("tenant", tenant.id())
			.param("subject", subject)
			.param("token", token)
			.update();
		if (seen == 0) {
			jdbc(tenant).sql("insert into pii_token (tenant_id, subject_id, token, type, ciphertext, created_at, last_used_at) "
					+ "values (:tenant, :subject, :token, :type, :value, :now, :now)")
				.param("tenant", tenant.id())
				.param("subject", subject)
				.param("token", token)
				.param("type", type.name())
				.param("value", this.keys.encrypt(tenant.id(), subject, value.getBytes(StandardCharsets.UTF_8),
						record(token)))
				.param("now", SqlTime.ts(now))
				.update();
		}
		return token;
	}

	/**
	 * The text with each of the subject's tokens replaced by its value; a token that is not the
	 * subject's, or whose value was erased, stays as it is.
	 */
	String reveal(Tenant tenant, String subject, String text) {
		Matcher tokens = IN_TEXT.matcher(text);
		if (!tokens.find()) {
			return text;
		}
		Map<String, String> values = new HashMap<>();
		StringBuilder out = new StringBuilder(text.length());
		do {
			String token = tokens.group(2);
			String value = values.computeIfAbsent(token, t -> value(tenant, subject, t));
			tokens.appendReplacement(out, Matcher.quoteReplacement(value == null ? tokens.group() : value));
		}
		while (tokens.find());
		tokens.appendTail(out);
		return out.toString();
	}

	/**
	 * The text as it was typed, as far as digits go, for reading only: each of the subject's
	 * phone-number and IBAN tokens replaced by its value, with where each part came from in the
	 * stored text.
	 * @param known values already read, by token; read ones are added
	 */
	Shadow shadow(Tenant tenant, String subject, String text, Map<String, String> known) {
		List<Shadow.Segment> segments = new ArrayList<>();
		StringBuilder shadow = new StringBuilder(text.length());
		Matcher tokens = IN_TEXT.matcher(text);
		int at = 0;
		while (tokens.find()) {
			if (!tokens.group(1).equals("PHONE") && !tokens.group(1).equals("IBAN")
					|| text.length() - tokens.end() > SHADOW_REACH) {
				continue; // no card digits in e-mail or IP addresses; none that can end a card part
			}
			String value = known.computeIfAbsent(tokens.group(2), token -> value(tenant, subject, token));
			if (value == null) {
				continue; // stays as it is stored, part of the literal text around it
			}
			if (tokens.start() > at) {
				segments.add(new Shadow.Segment(shadow.length(), shadow.length() + tokens.start() - at, at, tokens.start(), null));
				shadow.append(text, at, tokens.start());
			}
			segments.add(new Shadow.Segment(shadow.length(), shadow.length() + value.length(), tokens.start(), tokens.end(),
					tokens.group(2)));
			shadow.append(value);
			at = tokens.end();
		}
		segments.add(new Shadow.Segment(shadow.length(), shadow.length() + text.length() - at, at, text.length(), null));
		shadow.append(text, at, text.length());
		return new Shadow(shadow.toString(), segments);
	}

	/**
	 * A stored text with its tokens' values put back, and the way back: a range of the shadow
	 * maps to the stored range that covers it, whole tokens included.
	 */
	record Shadow(String text, List<Segment> segments) {

		/** @param token the token this part stands for; null for text stored as it is */
		record Segment(int shadowStart, int shadowEnd, int storedStart, int storedEnd, String token) {
		}

		@Override
		public String toString() {
			return "Shadow[<hidden>]";
		}

		/** The stored range covering the shadow's range [start, end), and the tokens it takes in. */
		int[] stored(int start, int end, List<String> tokens) {
			int storedStart = -1;
			int storedEnd = -1;
			for (Segment segment : this.segments) {
				if (segment.shadowEnd() <= start || segment.shadowStart() >= end) {
					continue;
				}
				boolean token = segment.token() != null;
				if (token) {
					tokens.add(segment.token());
				}
				int from = token ? segment.storedStart() : segment.storedStart() + Math.max(0, start - segment.shadowStart());
				int to = token ? segment.storedEnd() : segment.storedStart() + Math.min(end, segment.shadowEnd()) - segment.shadowStart();
				storedStart = storedStart < 0 ? from : Math.min(storedStart, from);
				storedEnd = Math.max(storedEnd, to);
			}
			return new int[] { storedStart, storedEnd };
		}

	}

	/** Deletes the subject's value of a token (a part of a card number must not be kept), in the caller's transaction. */
	void forget(Tenant tenant, String subject, String token) {
		jdbc(tenant).sql("delete from pii_token where tenant_id = :tenant and subject_id = :subject and token = :token")
			.param("tenant", tenant.id())
			.param("subject", subject)
			.param("token", token)
			.update();
	}

	private String value(Tenant tenant, String subject, String token) {
		byte[] ciphertext = jdbc(tenant).sql("select ciphertext from pii_token where tenant_id = :tenant and subject_id = :subject "
				+ "and token = :token")
			.param("tenant", tenant.id())
			.param("subject", subject)
			.param("token", token)
			.query((rs, n) -> rs.getBytes(1))
			.optional()
			.orElse(null);
		if (ciphertext == null) {
			return null;
		}
		return this.keys.decrypt(tenant.id(), subject, ciphertext, record(token)) instanceof Decrypted.Plaintext plain
				? new String(plain.bytes(), StandardCharsets.UTF_8) : null;
	}

	/** Equal values written differently get one token: case of e-mail addresses and IBANs, spacing of numbers. */
	static String canonical(FindingType type, String value) {
		return switch (type) {
			case EMAIL, IP_ADDRESS -> value.toLowerCase(Locale.ROOT);
			case IBAN -> value.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
			case PHONE -> value.replaceAll("[\\s().\\-]", "");
			default -> value;
		};
	}

	private static String record(String token) {
		return "pii-token/" + token;
	}

	private JdbcClient jdbc(Tenant tenant) {
		return this.stores.region(tenant.region()).jdbc();
	}

}
