package ai.tombot.platform;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation, such as {@code 203.0.113.0/24} or
 * {@code 2001:db8::/48}; a bare address is its own range ({@code /32} or {@code /128}).
 * Parsing takes address literals only, never host names, so it never does a DNS lookup. As
 * PostgreSQL's {@code cidr} type does, it refuses a range with bits set right of the mask
 * ({@code 10.0.0.1/8}), which is nearly always a typing mistake.
 *
 * @param network the first address of the range
 * @param prefixLength the number of leading bits that every address of the range shares
 */
public record Cidr(InetAddress network, int prefixLength) {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

	public Cidr {
		if (prefixLength < 0 || prefixLength > network.getAddress().length * 8) {
			throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range");
		}
	}

	/**
	 * @throws IllegalArgumentException saying what is wrong with {@code text}, without repeating
	 * it (the message may go back to a client)
	 */
	public static Cidr parse(String text) {
		String trimmed = text == null ? "" : text.strip();
		int slash = trimmed.indexOf('/');
		String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
		InetAddress address = address(host)
			.orElseThrow(() -> new IllegalArgumentException("is not an IPv4 or IPv6 address or range"));
		int bits = address.getAddress().length * 8;
		int length = bits;
		if (slash >= 0) {
			String suffix = trimmed.substring(slash + 1);
			if (!suffix.matches("[0-9]{1,3}") || Integer.parseInt(suffix) > bits) {
				throw new IllegalArgumentException("has a prefix length outside 0-" + bits);
			}
			length = Integer.parseInt(suffix);
		}
		Cidr cidr = new Cidr(masked(address, length), length);
		if (!cidr.network.equals(address)) {
			throw new IllegalArgumentException("has bits set right of its /" + length + " mask; did you mean " + cidr + "?");
		}
		return cidr;
	}

	/**
	 * An address literal as a client address, e.g. {@code getRemoteAddr()}; empty for anything
	 * else, host names included. IPv4-mapped IPv6 addresses come back as IPv4.
	 */
	public static Optional<InetAddress> address(String literal) {
		if (literal == null || literal.isEmpty() || literal.length() > 45) {
			return Optional.empty();
		}
		boolean v4 = IPV4.matcher(literal).matches();
		if (!v4 && !(literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches())) {
			return Optional.empty();
		}
		try {
			// a literal, so no lookup: IPv4 matched the pattern, IPv6 contains ':'
			return Optional.of(InetAddress.getByName(literal));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	public boolean contains(InetAddress address) {
		if (address.getAddress().length != this.network.getAddress().length) {
			return false;
		}
		return masked(address, this.prefixLength).equals(this.network);
	}

	public boolean isIpv4() {
		return this.network instanceof Inet4Address;
	}

	private static InetAddress masked(InetAddress address, int length) {
		byte[] bytes = address.getAddress();
		for (int i = 0; i < bytes.length; i++) {
			int keep = Math.max(0, Math.min(8, length - i * 8));
			bytes[i] &= (byte) (0xff << (8 - keep));
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Canonical form: {@code 203.0.113.0/24}, {@code 2001:db8::/48}. */
	@Override
	public String toString() {
		return format(this.network) + "/" + this.prefixLength;
	}

	/** An address as text, IPv6 in RFC 5952's short form ({@code 2001:db8::7}). */
	public static String format(InetAddress address) {
		String host = address.getHostAddress();
		return address instanceof Inet6Address ? compress(host) : host;
	}

	/** RFC 5952's short form of Java's full IPv6 text: lower case, the longest zero run as {@code ::}. */
	private static String compress(String full) {
		String[] groups = full.split(":");
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < groups.length; i++) {
			int j = i;
			while (j < groups.length && groups[j].equals("0")) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = Math.max(i, j);
		}
		if (bestStart < 0) {
			return String.join(":", groups);
		}
		String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
		String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
		return head + "::" + tail;
	}

}
