package io.ubernetes.dns.records;

import java.net.Inet4Address;
import java.net.Inet6Address;

/** The data of a resource record, one variant per type the zone holds. */
public sealed interface RData {

  Type type();

  /** The data in zone file (presentation) format, names absolute with their final dot. */
  String presentation();

  /** Record types the zone holds, with their codes on the wire. */
  enum Type {
    A(1),
    NS(2),
    CNAME(5),
    SOA(6),
    AAAA(28),
    SRV(33);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  record A(Inet4Address address) implements RData {
    @Override
    public Type type() {
      return Type.A;
    }

    @Override
    public String presentation() {
      return address.getHostAddress();
    }
  }

  record Aaaa(Inet6Address address) implements RData {
    @Override
    public Type type() {
      return Type.AAAA;
    }

    @Override
    public String presentation() {
      return address.getHostAddress();
    }
  }

  record Cname(String target) implements RData {
    @Override
    public Type type() {
      return Type.CNAME;
    }

    @Override
    public String presentation() {
      return target + ".";
    }
  }

  record Ns(String host) implements RData {
    @Override
    public Type type() {
      return Type.NS;
    }

    @Override
    public String presentation() {
      return host + ".";
    }
  }

  record Srv(int priority, int weight, int port, String target) implements RData {
    @Override
    public Type type() {
      return Type.SRV;
    }

    @Override
    public String presentation() {
      return priority + " " + weight + " " + port + " " + target + ".";
    }
  }

  /**
   * The zone's start of authority.
   *
   * @param minimum how long resolvers cache negative answers (RFC 2308)
   */
  record Soa(
      String mname, String rname, long serial, int refresh, int retry, int expire, int minimum)
      implements RData {
    @Override
    public Type type() {
      return Type.SOA;
    }

    @Override
    public String presentation() {
      return mname + ". " + rname + ". " + serial + " " + refresh + " " + retry + " " + expire + " "
          + minimum;
    }
  }
}
