package ai.tombot.identity.internal;

import java.util.Collection;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The rule for every request that is not explicitly public: a route that exists needs a
 * session; a path no endpoint serves, or a method the path does not take, is let through so
 * that the caller gets the honest 404 or 405 rather than a 401 — the routes are public
 * knowledge (see /v3/api-docs), the data behind them is not. Every handler mapping of the
 * application is asked, whatever kind of handler it serves; any handler found, any
 * unexpected error while looking, and an application without handler mappings all count as
 * "exists": this rule fails closed.
 */
final class KnownRoutes implements AuthorizationManager<RequestAuthorizationContext> {

	private final ApplicationContext context;

	private final AuthorizationManager<RequestAuthorizationContext> authenticated = AuthenticatedAuthorizationManager
		.authenticated();

	private volatile Collection<HandlerMapping> mappings;

	KnownRoutes(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext object) {
		if (!routeExists(object.getRequest())) {
			return new AuthorizationDecision(true);
		}
		return this.authenticated.authorize(authentication, object);
	}

	private boolean routeExists(HttpServletRequest request) {
		boolean parsedHere = !ServletRequestPathUtils.hasParsedRequestPath(request);
		if (parsedHere) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		try {
			Collection<HandlerMapping> all = mappings();
			if (all.isEmpty()) {
				return true;
			}
			for (HandlerMapping mapping : all) {
				try {
					HandlerExecutionChain handler = mapping.getHandler(request);
					if (handler != null) {
						return true;
					}
				}
				catch (HttpRequestMethodNotSupportedException ex) {
					// the path exists, the method does not: Spring MVC answers 405
				}
			}
			return false;
		}
		catch (Exception ex) {
			return true;
		}
		finally {
			if (parsedHere) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
	}

	private Collection<HandlerMapping> mappings() {
		if (this.mappings == null) {
			this.mappings = this.context.getBeansOfType(HandlerMapping.class).values();
		}
		return this.mappings;
	}

}
