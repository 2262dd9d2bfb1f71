package ai.tombot.conversations.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import ai.tombot.audit.AuditActor;
import ai.tombot.audit.AuditEvent;
import ai.tombot.audit.AuditTrail;
import ai.tombot.conversations.WebhookSignatureRejected;
import ai.tombot.conversations.internal.Channels.Channel;
import ai.tombot.keys.WebhookSignatures;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemTypes;
import ai.tombot.tenancy.Tenant;
import ai.tombot.tenancy.TenantService;

/**
 * Twilio's inbound-message webhook. A call is taken only with a valid {@code X-Twilio-Signature}:
 * base64 of HMAC-SHA1, keyed with the channel's auth token, over the URL Twilio called followed by
 * every form parameter's name and value, sorted by name. Anything else is refused with 403 and
 * recorded as a security event, the same for an unknown tenant or channel, so that the answer
 * tells a caller without a token nothing.
 */
@RestController
@Tag(name = "Webhooks", description = "SMS gateways posting inbound messages; authenticated by signature")
class TwilioWebhookController {

	private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);

	/** Signs nothing that is taken: stands in for a missing token so that every refusal costs the same. */
	private static final String NO_TOKEN = "no-channel-token-" + java.util.UUID.randomUUID();

	static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

	private final TenantService tenants;

	private final Channels channels;

	private final MessageIngest ingest;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	private final ConversationsProperties properties;

	private final Clock clock;

	TwilioWebhookController(TenantService tenants, Channels channels, MessageIngest ingest, AuditTrail audit,
			ApplicationEventPublisher events, ConversationsProperties properties, Clock clock) {
		this.tenants = tenants;
		this.channels = channels;
		this.ingest = ingest;
		this.audit = audit;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/webhooks/twilio/{tenant}/{channel}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	@Operation(summary = "Take in an SMS or WhatsApp message from Twilio",
			description = "Form fields as Twilio posts them (From, Body, MessageSid…), signed in X-Twilio-Signature "
					+ "with the channel's auth token. Answers empty TwiML.")
	ResponseEntity<String> inbound(@PathVariable String tenant, @PathVariable String channel,
			HttpServletRequest request) {
		Optional<Tenant> owner = this.tenants.find(tenant);
		Optional<Channel> target = owner.flatMap(found -> this.channels.find(found, channel));
		Map<String, String> form;
		try {
			form = form(request);
		}
		catch (org.apache.tomcat.util.http.InvalidParameterException | IllegalArgumentException malformed) {
			form = null; // a query or form that does not decode, not as Twilio sends it: refused as unsigned
		}
		String signature = request.getHeader("X-Twilio-Signature");
		Optional<String> token = target.flatMap(found -> this.channels.webhookSecret(owner.get(), found));
		// the HMAC is computed also without a channel or token (the lookups before it still take
		// longer for a tenant and channel that exist: their timing is not hidden)
		boolean valid = valid(token.orElse(NO_TOKEN), url(request), form == null ? Map.of() : form,
				signature == null ? "" : signature);
		if (token.isEmpty() || signature == null || form == null || !valid) {
			reject(owner.orElse(null), target.orElse(null), request);
		}
		String sid = form.getOrDefault("MessageSid", "");
		// Twilio's form: SM or MM and 32 hex digits. Signed fields are concatenated without
		// delimiters, so a longer MessageSid that took in the next field's name and value would
		// still match the signature, and store the message again under another id
		if (!MESSAGE_SID.matcher(sid).matches() || !sameSid(form, "SmsMessageSid", sid) || !sameSid(form, "SmsSid", sid)) {
			throw ApiProblem.invalid("MessageSid", "must be Twilio's message SID (SM or MM and 32 hex digits)");
		}
		String from = form.getOrDefault("From", "");
		// handsets send CRLF or CR line breaks; a stored text has LF only
		String body = form.getOrDefault("Body", "").replace("\r\n", "\n").replace('\r', '\n');
		MessageIngest.Request message = new MessageIngest.Request(target.get().id().toString(), null,
				new MessageIngest.SubjectRef(from.startsWith("whatsapp:") ? from.substring(9) : from, null, null),
				"inbound", "customer", body, "twilio:" + sid,
				null);
		this.ingest.ingest(AuditActor.system(), owner.get(), message);
		return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
	}

	private static final java.util.regex.Pattern MESSAGE_SID = java.util.regex.Pattern.compile("(SM|MM)[0-9a-fA-F]{32}");

	/** Whether the form's older name for the message SID, when it has one, names the same message. */
	private static boolean sameSid(Map<String, String> form, String field, String sid) {
		String value = form.get(field);
		return value == null || value.equals(sid);
	}

	/**
	 * Refusals audited per tenant and minute, at most, whatever addresses they come from:
	 * beyond, a flood of forged calls would only queue on the tenant's audit chain, which every
	 * message needs. Every refusal is still answered 403 and published as a security event, and
	 * the first refusal past the budget is logged with the count so far.
	 */
	static final int AUDITED_REFUSALS_PER_MINUTE = 10;

	private final com.github.benmanes.caffeine.cache.Cache<String, java.util.concurrent.atomic.AtomicInteger> refusals = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(java.time.Duration.ofMinutes(1))
		.build();

	private void reject(Tenant tenant, Channel channel, HttpServletRequest request) {
		int seen = this.refusals
			.get(tenant == null ? "-" : tenant.id().toString(), key -> new java.util.concurrent.atomic.AtomicInteger())
			.incrementAndGet();
		if (seen <= AUDITED_REFUSALS_PER_MINUTE) {
			log.warn("Webhook call with a bad signature for tenant {} channel {} from {}{}",
					tenant == null ? "(unknown)" : tenant.slug(), channel == null ? "(unknown)" : channel.id(),
					request.getRemoteAddr(), seen == AUDITED_REFUSALS_PER_MINUTE
							? "; further refusals for this tenant this minute are not audited or logged one by one" : "");
		}
		if (tenant != null && seen <= AUDITED_REFUSALS_PER_MINUTE) {
			this.audit.tenant(AuditEvent.failure(AuditActor.anonymous(), tenant.id(), "webhook.twilio", "bad-signature")
				.withResource("channel", channel == null ? null : channel.id().toString()));
		}
		this.events.publishEvent(new WebhookSignatureRejected(tenant == null ? null : tenant.id(),
				channel == null ? null : channel.id(), request.getRemoteAddr(), this.clock.instant()));
		throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
				"The request's signature does not match");
	}

	/** The URL Twilio called: the configured base URL, or the request's own, with the path and query. */
	private String url(HttpServletRequest request) {
		String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
		if (this.properties.webhookBaseUrl() != null) {
			String base = this.properties.webhookBaseUrl().toString().replaceAll("/+$", "");
			return base + request.getRequestURI() + query;
		}
		return request.getRequestURL() + query;
	}

	/** The form's fields (one value each, as Twilio sends them); query parameters are part of the URL, not of these. */
	private static Map<String, String> form(HttpServletRequest request) {
		Map<String, String> form = new TreeMap<>();
		String query = request.getQueryString();
		java.util.Set<String> inQuery = query == null ? java.util.Set.of()
				: java.util.Arrays.stream(query.split("&"))
					.map(pair -> java.net.URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8))
					.collect(java.util.stream.Collectors.toSet());
		request.getParameterMap().forEach((name, values) -> {
			if (!inQuery.contains(name)) {
				form.put(name, values.length == 0 ? "" : values[values.length - 1]);
			}
		});
		return form;
	}

	/** Twilio's signature check, in constant time. */
	static boolean valid(String token, String url, Map<String, String> form, String signature) {
		StringBuilder signed = new StringBuilder(url);
		new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
		return WebhookSignatures.hmacSha1Base64Matches(token, signed.toString(), signature);
	}

}
