package ai.tombot.platform.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import ai.tombot.platform.ProblemResponses;
import ai.tombot.platform.TombotProperties;
import ai.tombot.platform.Cidr;
import ai.tombot.platform.SettingsException;

/**
 * The HTTPS server and its plain-HTTP sibling: the HTTPS connector is Spring Boot's (port
 * {@code tombot.https-port}, TLS from the {@code tombot} SSL bundle); the HTTP connector on
 * {@code tombot.http-port} exists only to redirect, and not at all when that port is 0.
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	HttpsPort httpsPort(TombotProperties properties) {
		return new HttpsPort(properties.httpsPort());
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> redirectConnector(TombotProperties properties) {
		return factory -> {
			factory.addContextCustomizers(context -> ((StandardHost) context.getParent())
				.setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
			if (properties.httpPort() != 0) {
				Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
				connector.setScheme("http");
				connector.setSecure(false);
				connector.setPort(Math.max(properties.httpPort(), 0));
				factory.addAdditionalConnectors(connector);
			}
		};
	}

	@Bean
	FilterRegistrationBean<TransportSecurityFilter> transportSecurityFilter(HttpsPort httpsPort) {
		FilterRegistrationBean<TransportSecurityFilter> registration = new FilterRegistrationBean<>(
				new TransportSecurityFilter(httpsPort));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(TombotProperties properties,
			ProblemResponses problems) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(properties.http().maxBodySize().toBytes(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(TombotProperties properties) {
		List<Cidr> trusted = new ArrayList<>();
		for (String range : properties.network().trustedProxies()) {
			try {
				trusted.add(Cidr.parse(range));
			}
			catch (IllegalArgumentException ex) {
				throw new SettingsException("tombot.network.trusted-proxies: '" + range + "' " + ex.getMessage(), null);
			}
		}
		FilterRegistrationBean<ClientAddressFilter> registration = new FilterRegistrationBean<>(
				new ClientAddressFilter(trusted));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		return registration;
	}

}
