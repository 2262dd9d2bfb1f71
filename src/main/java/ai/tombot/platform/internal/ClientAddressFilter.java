package ai.tombot.platform.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import ai.tombot.platform.Cidr;

/**
 * The client's address, for everything downstream that calls {@code getRemoteAddr()}: login
 * throttling, events, network allowlists. It is the socket's peer, unless that peer is one of
 * {@code tombot.network.trusted-proxies}: then {@code X-Forwarded-For} is read from the right,
 * skipping trusted proxies, and the first address that is not one is the client. Entries to
 * the left of it were written by the client itself and are ignored, so a client cannot claim
 * an address by sending the header. A malformed entry ends the walk at the last trusted hop,
 * which no tenant allowlist is expected to contain.
 */
class ClientAddressFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Forwarded-For";

	private final List<Cidr> trusted;

	ClientAddressFilter(List<Cidr> trusted) {
		this.trusted = List.copyOf(trusted);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.trusted.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		String client = resolve(request.getRemoteAddr(), Collections.list(request.getHeaders(HEADER)), this.trusted);
		if (client.equals(request.getRemoteAddr())) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public String getRemoteAddr() {
				return client;
			}

			@Override
			public String getRemoteHost() {
				return client;
			}
		}, response);
	}

	/** The client's address, given the socket's peer and the X-Forwarded-For header lines. */
	static String resolve(String socketPeer, List<String> forwardedFor, List<Cidr> trusted) {
		if (!isTrusted(socketPeer, trusted) || forwardedFor.isEmpty()) {
			return socketPeer;
		}
		List<String> hops = new ArrayList<>();
		for (String line : forwardedFor) {
			for (String hop : line.split(",")) {
				hops.add(hop.strip());
			}
		}
		String client = socketPeer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			Optional<InetAddress> hop = Cidr.address(hops.get(i));
			if (hop.isEmpty()) {
				return client;
			}
			client = Cidr.format(hop.get());
			if (!isTrusted(client, trusted)) {
				return client;
			}
		}
		return client;
	}

	private static boolean isTrusted(String address, List<Cidr> trusted) {
		Optional<InetAddress> parsed = Cidr.address(address);
		return parsed.isPresent() && trusted.stream().anyMatch(range -> range.contains(parsed.get()));
	}

}
