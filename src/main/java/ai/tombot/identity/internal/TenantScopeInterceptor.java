package ai.tombot.identity.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import ai.tombot.identity.Caller;
import ai.tombot.platform.ApiProblem;
import ai.tombot.tenancy.TenantService;

/**
 * Tenant isolation for every endpoint whose path names a {@code {tenant}}, present and future:
 * before the request body is even read, a tenant user naming a tenant other than its own
 * gets the same 404 as for a tenant that does not exist. Platform staff pass; what they may
 * do is the endpoints' own permission checks.
 */
@Configuration(proxyBeanMethods = false)
class TenantScopeInterceptor implements HandlerInterceptor, WebMvcConfigurer {

	private final TenantService tenants;

	TenantScopeInterceptor(TenantService tenants) {
		this.tenants = tenants;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (!(variables instanceof Map<?, ?> map) || !(map.get("tenant") instanceof String slug)) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Caller user)
				|| user.platformStaff()) {
			return true;
		}
		boolean own = this.tenants.find(slug).map(tenant -> tenant.id().equals(user.tenantId())).orElse(false);
		if (!own) {
			throw ApiProblem.notFound("Tenant '" + slug + "'");
		}
		return true;
	}

}
