package ai.tombot.identity.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

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
import ai.tombot.identity.Permission;
import ai.tombot.identity.Role;
import ai.tombot.platform.ProblemResponses;

/**
 * Authenticates {@code Authorization: Bearer <token>}. A request without the header goes on
 * anonymous (and reaches only public endpoints); a request with a token that is unknown,
 * expired or revoked is answered 401 at once rather than treated as anonymous.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	static final String TYPE_PASSWORD_CHANGE_REQUIRED = "urn:tombot:problem:password-change-required";

	/** What a user who must change its password may still call. */
	private static final java.util.Set<String> ALLOWED_BEFORE_CHANGE = java.util.Set.of("/api/v1/me/password",
			"/api/v1/auth/logout");

	private static final String TOKEN_ATTRIBUTE = BearerTokenFilter.class.getName() + ".token";

	private final SessionStore sessions;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final ProblemResponses problems;

	BearerTokenFilter(SessionStore sessions, AuthenticationEntryPoint entryPoint, ProblemResponses problems) {
		this.sessions = sessions;
		this.entryPoint = entryPoint;
		this.problems = problems;
	}

	/** The bearer token this request was authenticated with. */
	static String token(HttpServletRequest request) {
		return (String) request.getAttribute(TOKEN_ATTRIBUTE);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<AuthenticatedUser> user = Optional.empty();
		if (header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			String token = header.substring(PREFIX.length()).trim();
			if (!token.isEmpty() && token.length() <= 200) {
				user = this.sessions.authenticate(token);
				request.setAttribute(TOKEN_ATTRIBUTE, token);
			}
		}
		if (user.isEmpty()) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, new BadCredentialsException("invalid bearer token"));
			return;
		}
		if (user.get().mustChangePassword() && !ALLOWED_BEFORE_CHANGE.contains(request.getRequestURI())) {
			this.problems.write(request, response, HttpStatus.FORBIDDEN, TYPE_PASSWORD_CHANGE_REQUIRED,
					"Password change required", "Change your password with POST /api/v1/me/password first");
			return;
		}
		List<SimpleGrantedAuthority> authorities = java.util.stream.Stream
			.concat(user.get().roles().stream().map(Role::authority),
					user.get().permissions().stream().map(Permission::authority))
			.map(SimpleGrantedAuthority::new)
			.toList();
		var authentication = UsernamePasswordAuthenticationToken.authenticated(user.get(), null, authorities);
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
