package ai.tombot.platform;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTests {

	private static InetAddress ip(String literal) {
		return Cidr.address(literal).orElseThrow();
	}

	@Test
	void parse_ipv4AndIpv6Ranges_andBareAddresses_inCanonicalForm() {
		assertThat(Cidr.parse("203.0.113.0/24").toString()).isEqualTo("203.0.113.0/24");
		assertThat(Cidr.parse(" 198.51.100.7 ").toString()).isEqualTo("198.51.100.7/32");
		assertThat(Cidr.parse("0.0.0.0/0").toString()).isEqualTo("0.0.0.0/0");
		assertThat(Cidr.parse("2001:DB8::/32").toString()).isEqualTo("2001:db8::/32");
		assertThat(Cidr.parse("2001:db8:0:0:1::/80").toString()).isEqualTo("2001:db8:0:0:1::/80");
		assertThat(Cidr.parse("::1").toString()).isEqualTo("::1/128");
		assertThat(Cidr.parse("::/0").toString()).isEqualTo("::/0");
		assertThat(Cidr.parse("fe80::1:0:0:0:1/128").toString()).as("the longest zero run shortens")
			.isEqualTo("fe80:0:0:1::1/128");
	}

	@Test
	void parse_refusesMistakesAndNames_withoutALookup() {
		assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8")).hasMessageContaining("did you mean 10.0.0.0/8?");
		assertThatThrownBy(() -> Cidr.parse("2001:db8::1/32")).hasMessageContaining("did you mean 2001:db8::/32?");
		assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length outside 0-32");
		assertThatThrownBy(() -> Cidr.parse("2001:db8::/129")).hasMessageContaining("outside 0-128");
		for (String bad : new String[] { "300.1.1.1", "10.0.0", "010.0.0.1", "localhost", "example.com", "10.0.0.0/",
				"10.0.0.0/-1", "10.0.0.0/8/8", "fe80::1%eth0", "", "1.2.3.4 /8", "::g" }) {
			assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void contains_matchesThePrefix_andNeverAcrossFamilies() {
		Cidr v4 = Cidr.parse("203.0.113.0/24");
		assertThat(v4.contains(ip("203.0.113.0"))).isTrue();
		assertThat(v4.contains(ip("203.0.113.255"))).isTrue();
		assertThat(v4.contains(ip("203.0.114.0"))).isFalse();
		assertThat(v4.contains(ip("::ffff:203.0.113.9"))).as("IPv4-mapped IPv6 is IPv4").isTrue();
		assertThat(v4.contains(ip("2001:db8::1"))).isFalse();
		Cidr v6 = Cidr.parse("2001:db8:1::/48");
		assertThat(v6.contains(ip("2001:db8:1:ffff::1"))).isTrue();
		assertThat(v6.contains(ip("2001:db8:2::1"))).isFalse();
		assertThat(v6.contains(ip("203.0.113.1"))).isFalse();
		assertThat(Cidr.parse("10.0.0.0/9").contains(ip("10.127.255.255"))).isTrue();
		assertThat(Cidr.parse("10.0.0.0/9").contains(ip("10.128.0.0"))).isFalse();
		assertThat(Cidr.parse("0.0.0.0/0").contains(ip("192.0.2.1"))).isTrue();
	}

}
