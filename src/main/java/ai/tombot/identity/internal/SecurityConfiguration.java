package ai.tombot.identity.internal;

import jakarta.servlet.DispatcherType;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import ai.tombot.platform.ProblemResponses;
import ai.tombot.platform.ProblemTypes;

/**
 * Deny by default: every endpoint needs a valid bearer session except the few public ones
 * listed here; a path that no endpoint serves answers 404 (see {@link KnownRoutes}). Finer
 * rules (which role may do what) sit on the controllers.
 * Strict-Transport-Security is written by the platform's transport filter, for every
 * HTTPS response, so it is not repeated here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // command-line tools (audit verify) run without a web server
@EnableMethodSecurity
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, SessionStore sessions, ApiKeyService apiKeys, NetworkAllowlists allowlists,
			AuthenticationEntryPoint entryPoint,
			AccessDeniedHandler accessDenied, ApplicationContext context, ProblemResponses problems) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.disable())
				.frameOptions(frame -> frame.deny())
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/setup", "/api/v1/auth/login", "/api/v1/auth/mfa")
				.permitAll()
				// an SMS gateway's webhook: its caller proves itself by the request's signature, checked by the endpoint
				.requestMatchers(HttpMethod.POST, "/webhooks/twilio/*/*")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/actuator/health", "/v3/api-docs", "/v3/api-docs/**")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**")
				.permitAll()
				.anyRequest()
				.access(new KnownRoutes(context)))
			.exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.addFilterBefore(new BearerTokenFilter(sessions, apiKeys, allowlists, entryPoint, problems), AuthorizationFilter.class);
		return http.build();
	}

	@Bean
	AuthenticationEntryPoint problemEntryPoint(ProblemResponses problems) {
		return (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			problems.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED,
					"Unauthenticated", "A valid bearer token is required");
		};
	}

	@Bean
	AccessDeniedHandler problemAccessDenied(ProblemResponses problems) {
		return (request, response, ex) -> problems.write(request, response, HttpStatus.FORBIDDEN,
				ProblemTypes.FORBIDDEN, "Forbidden", "Your roles do not allow this request");
	}

}
