package ai.tombot.identity.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import ai.tombot.identity.AuthenticatedUser;
import ai.tombot.identity.Caller;
import ai.tombot.identity.Permission;
import ai.tombot.identity.Role;
import ai.tombot.platform.ApiProblem;
import ai.tombot.platform.ProblemResponses;

/**
 * Authenticates {@code Authorization: Bearer <token>}: a login session's token, or an API key
 * ({@code tbk_...}); without that header, the web console's {@link SessionCookie}. A request
 * with neither goes on anonymous (and reaches only public
 * endpoints); a request with a token that is unknown, expired or revoked is answered 401 at
 * once rather than treated as anonymous. Besides its permissions, a session's caller holds
 * {@link #SESSION} and an API key's {@link #API_KEY}, so that endpoints for a person's own
 * account can refuse keys. A tenant's callers from outside its network allowlist are refused
 * with 403 before anything else.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	static final String TYPE_PASSWORD_CHANGE_REQUIRED = "urn:tombot:problem:password-change-required";

	/** What a user who must change its password may still call. */
	private static final java.util.Set<String> ALLOWED_BEFORE_CHANGE = java.util.Set.of("/api/v1/me/password",
			"/api/v1/auth/logout");

	/** The authority of every caller with a login session. */
	static final String SESSION = "tombot:session";

	/** The authority of every caller with an API key. */
	static final String API_KEY = "tombot:api-key";

	static final String TYPE_MFA_ENROLLMENT_REQUIRED = "urn:tombot:problem:mfa-enrollment-required";

	/** What a user who must enrol a second factor may still call. */
	private static final java.util.Set<String> ALLOWED_BEFORE_ENROLMENT = java.util.Set.of(MfaController.ENROL,
			MfaController.CONFIRM, "/api/v1/me", "/api/v1/me/password", "/api/v1/auth/logout");

	static final String TYPE_CROSS_SITE = "urn:tombot:problem:cross-site-request";

	private static final String TOKEN_ATTRIBUTE = BearerTokenFilter.class.getName() + ".token";

	private static final String COOKIE_ATTRIBUTE = BearerTokenFilter.class.getName() + ".cookie";

	private final SessionStore sessions;

	private final ApiKeyService apiKeys;

	private final NetworkAllowlists allowlists;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final ProblemResponses problems;

	BearerTokenFilter(SessionStore sessions, ApiKeyService apiKeys, NetworkAllowlists allowlists,
			AuthenticationEntryPoint entryPoint, ProblemResponses problems) {
		this.sessions = sessions;
		this.apiKeys = apiKeys;
		this.allowlists = allowlists;
		this.entryPoint = entryPoint;
		this.problems = problems;
	}

	/** The session token this request was authenticated with; null for an API key. */
	static String token(HttpServletRequest request) {
		return (String) request.getAttribute(TOKEN_ATTRIBUTE);
	}

	/** Whether the session came in the {@link SessionCookie} rather than the Authorization header. */
	static boolean byCookie(HttpServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(COOKIE_ATTRIBUTE));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		Optional<String> cookie = header == null ? SessionCookie.read(request) : Optional.empty();
		if (header == null && cookie.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		Optional<? extends Caller> caller = Optional.empty();
		String kind = null;
		if (cookie.isPresent()) {
			if (!SessionCookie.sameOriginOrSafe(request)) {
				this.problems.write(request, response, HttpStatus.FORBIDDEN, TYPE_CROSS_SITE, "Cross-site request refused",
						"A request that changes something with the session cookie must come from this site");
				return;
			}
			if (cookie.get().length() <= 200) {
				caller = this.sessions.authenticate(cookie.get());
				kind = SESSION;
				request.setAttribute(TOKEN_ATTRIBUTE, cookie.get());
				request.setAttribute(COOKIE_ATTRIBUTE, Boolean.TRUE);
			}
			if (caller.isEmpty()) {
				// an ended session's cookie is the browser's leftover, not an attack: forget it
				// and go on anonymous, so that the console's login page still works
				request.removeAttribute(TOKEN_ATTRIBUTE);
				request.removeAttribute(COOKIE_ATTRIBUTE);
				response.addHeader(HttpHeaders.SET_COOKIE, SessionCookie.clear().toString());
				chain.doFilter(request, response);
				return;
			}
		}
		else if (header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			String token = header.substring(PREFIX.length()).trim();
			if (token.startsWith(ApiKeyService.PREFIX)) {
				caller = this.apiKeys.authenticate(token);
				kind = API_KEY;
			}
			else if (!token.isEmpty() && token.length() <= 200) {
				caller = this.sessions.authenticate(token);
				kind = SESSION;
				request.setAttribute(TOKEN_ATTRIBUTE, token);
			}
		}
		if (caller.isEmpty()) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, new BadCredentialsException("invalid bearer token"));
			return;
		}
		Caller who = caller.get();
		if (!who.platformStaff() && !this.allowlists.admits(who.tenantId(), request.getRemoteAddr())) {
			ApiProblem denied = this.allowlists.denied(who.tenantId(), who.id(),
					who instanceof AuthenticatedUser ? "user" : "apiKey", request.getRemoteAddr(),
					request.getMethod() + " " + request.getRequestURI());
			this.problems.write(request, response, denied.status(), denied.type(), denied.title(),
					denied.getMessage());
			return;
		}
		if (caller.get() instanceof AuthenticatedUser user && user.mustChangePassword()
				&& !ALLOWED_BEFORE_CHANGE.contains(request.getRequestURI())) {
			this.problems.write(request, response, HttpStatus.FORBIDDEN, TYPE_PASSWORD_CHANGE_REQUIRED,
					"Password change required", "Change your password with POST /api/v1/me/password first");
			return;
		}
		if (caller.get() instanceof AuthenticatedUser user && user.mfaEnrollmentRequired()
				&& !ALLOWED_BEFORE_ENROLMENT.contains(request.getRequestURI())) {
			this.problems.write(request, response, HttpStatus.FORBIDDEN, TYPE_MFA_ENROLLMENT_REQUIRED,
					"MFA enrolment required", (user.platformStaff() ? "Platform staff" : "Your tenant's users")
							+ " must have a second factor: enrol one with POST " + MfaController.ENROL + " first");
			return;
		}
		Stream<String> roles = caller.get() instanceof AuthenticatedUser user ? user.roles().stream().map(Role::authority)
				: Stream.empty();
		List<SimpleGrantedAuthority> authorities = Stream
			.of(Stream.of(kind), roles, caller.get().permissions().stream().map(Permission::authority))
			.flatMap(authority -> authority)
			.map(SimpleGrantedAuthority::new)
			.toList();
		var authentication = UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, authorities);
		var context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

}
