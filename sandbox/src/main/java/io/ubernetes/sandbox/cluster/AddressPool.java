package io.ubernetes.sandbox.cluster;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An IPv4 range whose host addresses (not the network or broadcast address) are handed out in
 * order, lowest free first, so that the same history gives the same addresses.
 */
final class AddressPool {
  private static final Pattern DECIMAL_OCTET = Pattern.compile("[0-9]{1,3}");

  private final long first;
  private final long last;

  private AddressPool(long first, long last) {
    this.first = first;
    this.last = last;
  }

  /**
   * A range such as {@code 10.12.0.0/16}: a network address and a prefix length from 1 to 30.
   * Throws IllegalArgumentException naming the rule broken.
   */
  static AddressPool of(String cidr) {
    if (cidr == null) {
      throw new IllegalArgumentException("required");
    }
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("must be an IPv4 range such as 10.12.0.0/16");
    }
    long network = parse(cidr.substring(0, slash));
    String length = cidr.substring(slash + 1);
    if (!DECIMAL_OCTET.matcher(length).matches()) {
      throw new IllegalArgumentException("must be an IPv4 range such as 10.12.0.0/16");
    }
    int prefix = Integer.parseInt(length);
    if (prefix < 1 || prefix > 30) {
      throw new IllegalArgumentException("the prefix length must be between 1 and 30");
    }
    long size = 1L << (32 - prefix);
    if (network % size != 0) {
      throw new IllegalArgumentException(
          "must start at a network address ("
              + format(network - network % size)
              + "/"
              + prefix
              + ")");
    }
    return new AddressPool(network + 1, network + size - 2);
  }

  boolean contains(String address) {
    try {
      long value = parse(address);
      return value >= first && value <= last;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Hands out the addresses not in {@code used}, lowest first. */
  Allocation allocation(Set<String> used) {
    return new Allocation(used);
  }

  /** One round of handing out addresses: each call to {@link #next} takes the next free one. */
  final class Allocation {
    private final Set<Long> used = new HashSet<>();
    private long cursor = first;

    private Allocation(Set<String> taken) {
      for (String address : taken) {
        if (contains(address)) {
          used.add(parse(address));
        }
      }
    }

    /** The lowest address not yet used, or empty when the range is exhausted. */
    Optional<String> next() {
      while (cursor <= last && used.contains(cursor)) {
        cursor++;
      }
      if (cursor > last) {
        return Optional.empty();
      }
      used.add(cursor);
      return Optional.of(format(cursor++));
    }
  }

  private static long parse(String address) {
    String[] octets = address.split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException("must be an IPv4 range such as 10.12.0.0/16");
    }
    long value = 0;
    for (String octet : octets) {
      if (!DECIMAL_OCTET.matcher(octet).matches() || Integer.parseInt(octet) > 255) {
        throw new IllegalArgumentException("must be an IPv4 range such as 10.12.0.0/16");
      }
      value = value << 8 | Integer.parseInt(octet);
    }
    return value;
  }

  private static String format(long value) {
    return (value >> 24 & 0xff)
        + "."
        + (value >> 16 & 0xff)
        + "."
        + (value >> 8 & 0xff)
        + "."
        + (value & 0xff);
  }
}
