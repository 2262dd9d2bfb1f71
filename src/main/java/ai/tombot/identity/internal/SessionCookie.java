package ai.tombot.identity.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

import ai.tombot.identity.internal.SessionStore.NewSession;

/**
 * The browser's form of a session, for the web console: the same opaque token, from the same
 * session store, in a cookie that scripts cannot read ({@code HttpOnly}), that travels only
 * over HTTPS ({@code Secure}), only to this host ({@code __Host-}: no {@code Domain}, path
 * {@code /}) and never with a request another site started ({@code SameSite=Strict}). As a
 * second line against cross-site request forgery, a request that changes something (any
 * method but GET, HEAD, OPTIONS) with the cookie must also come from this origin: its
 * {@code Origin} header names this host, or, without one, {@code Sec-Fetch-Site} says
 * {@code same-origin}. API clients send {@code Authorization: Bearer} instead, which takes
 * precedence over the cookie.
 */
final class SessionCookie {

	static final String NAME = "__Host-tombot-session";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private SessionCookie() {
	}

	/** The cookie that carries a new session; it expires with the session's absolute lifetime. */
	static ResponseCookie issue(NewSession session, Instant now) {
		return base(session.token()).maxAge(Duration.between(now, session.expiresAt())).build();
	}

	/** The cookie that removes it from the browser (at logout, or when it no longer works). */
	static ResponseCookie clear() {
		return base("").maxAge(0).build();
	}

	private static ResponseCookie.ResponseCookieBuilder base(String value) {
		return ResponseCookie.from(NAME, value).path("/").secure(true).httpOnly(true).sameSite("Strict");
	}

	/** The token in the request's session cookie, if it has one. */
	static Optional<String> read(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		for (Cookie cookie : cookies) {
			if (NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
				return Optional.of(cookie.getValue());
			}
		}
		return Optional.empty();
	}

	private static String withoutDefaultPort(String authority) {
		return authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
	}

	/** Whether a request carrying the cookie may go on: safe methods always, others only from this origin. */
	static boolean sameOriginOrSafe(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
			return true;
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
		}
		String host = request.getHeader("Host");
		try {
			URI uri = URI.create(origin);
			if (!"https".equals(uri.getScheme()) || uri.getHost() == null || host == null) {
				return false;
			}
			return withoutDefaultPort(uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
				.equalsIgnoreCase(withoutDefaultPort(host));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
