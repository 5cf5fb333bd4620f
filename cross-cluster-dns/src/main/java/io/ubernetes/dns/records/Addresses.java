package io.ubernetes.dns.records;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP address literals as shards report them; never a name lookup. */
public final class Addresses {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private Addresses() {}

  /** The address {@code literal} spells, if it is an IPv4 or IPv6 literal (not a host name). */
  public static Optional<InetAddress> parse(String literal) {
    if (literal == null) {
      return Optional.empty();
    }
    boolean v4 = IPV4.matcher(literal).matches();
    if (!v4 && !(literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches())) {
      return Optional.empty();
    }
    try {
      // A literal is parsed, never resolved.
      InetAddress address = InetAddress.getByName(literal);
      return address instanceof Inet4Address || address instanceof Inet6Address
          ? Optional.of(address)
          : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether clients elsewhere can be sent to {@code literal}: an IP literal that is not
   * unspecified, loopback, link-local or multicast.
   */
  public static boolean routable(String literal) {
    return parse(literal)
        .filter(
            a ->
                !a.isAnyLocalAddress()
                    && !a.isLoopbackAddress()
                    && !a.isLinkLocalAddress()
                    && !a.isMulticastAddress())
        .isPresent();
  }
}
