package ai.tombot.platform.internal;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request. A plain-HTTP request gets a {@code 308} to the same path
 * on the HTTPS port and nothing else: no body, no redirect to any other host than the one
 * asked for. An HTTPS response always carries {@code Strict-Transport-Security} for one year,
 * errors included.
 */
class TransportSecurityFilter extends OncePerRequestFilter {

	static final String HSTS = "max-age=31536000; includeSubDomains";

	/** A host name or an IPv4/IPv6 literal, nothing that could smuggle a path or a port. */
	private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

	private final HttpsPort httpsPort;

	TransportSecurityFilter(HttpsPort httpsPort) {
		this.httpsPort = httpsPort;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.isSecure()) {
			response.setHeader("Strict-Transport-Security", HSTS);
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(308);
		response.setHeader("Location", httpsUrl(request));
		response.setContentLength(0);
	}

	private String httpsUrl(HttpServletRequest request) {
		String host = request.getServerName();
		if (host == null || !SAFE_HOST.matcher(host).matches()) {
			host = "localhost";
		}
		else if (host.contains(":") && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		int port = this.httpsPort.get();
		StringBuilder url = new StringBuilder("https://").append(host);
		if (port != 443) {
			url.append(':').append(port);
		}
		url.append(request.getRequestURI());
		if (request.getQueryString() != null) {
			url.append('?').append(request.getQueryString());
		}
		return url.toString();
	}

}
