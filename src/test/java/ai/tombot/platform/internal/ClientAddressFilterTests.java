package ai.tombot.platform.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.tombot.platform.Cidr;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address is the client's: X-Forwarded-For only from trusted proxies, read from the right. */
class ClientAddressFilterTests {

	private static final List<Cidr> PROXIES = List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("fd00::/64"));

	@Test
	void fromAnUntrustedPeer_theHeaderIsIgnored() {
		assertThat(ClientAddressFilter.resolve("198.51.100.7", List.of("203.0.113.5"), PROXIES)).isEqualTo("198.51.100.7");
		assertThat(ClientAddressFilter.resolve("198.51.100.7", List.of("203.0.113.5"), List.of())).isEqualTo("198.51.100.7");
	}

	@Test
	void fromATrustedProxy_theRightmostUntrustedHopIsTheClient() {
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("203.0.113.5"), PROXIES)).isEqualTo("203.0.113.5");
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("203.0.113.5, 10.0.0.3"), PROXIES))
			.isEqualTo("203.0.113.5");
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("203.0.113.5", "10.0.0.3"), PROXIES))
			.as("several header lines are one list").isEqualTo("203.0.113.5");
		assertThat(ClientAddressFilter.resolve("fd00::1", List.of("2001:db8::7"), PROXIES)).isEqualTo("2001:db8::7");
	}

	@Test
	void addressesTheClientWroteItself_areNotBelieved() {
		// the client sent "X-Forwarded-For: 192.0.2.1" hoping to be allowlisted; the proxy appended its peer
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("192.0.2.1, 198.51.100.7"), PROXIES))
			.isEqualTo("198.51.100.7");
	}

	@Test
	void aMalformedHop_endsAtTheLastTrustedOne() {
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("evil.example"), PROXIES)).isEqualTo("10.0.0.2");
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("203.0.113.5, unknown, 10.0.0.9"), PROXIES))
			.isEqualTo("10.0.0.9");
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of(), PROXIES)).isEqualTo("10.0.0.2");
		assertThat(ClientAddressFilter.resolve("10.0.0.2", List.of("10.0.0.5"), PROXIES))
			.as("only proxies: the farthest").isEqualTo("10.0.0.5");
	}

}
