package io.ubernetes.dns.records;

import java.util.List;
import java.util.Locale;

/**
 * The zone the server is authoritative for.
 *
 * @param domain the DNS suffix, e.g. {@code ubernetes.local}; every name served ends with it
 * @param federation the federation's name, the label after the namespace in service names
 * @param ttls how long resolvers may cache answers
 * @param nameServers the zone's NS records; their addresses become glue when they lie in the zone
 * @param hostmaster the SOA's responsible mailbox, as a name ({@code hostmaster.ubernetes.local})
 */
public record ZoneConfig(
    String domain, String federation, Ttls ttls, List<NameServer> nameServers, String hostmaster) {

  public ZoneConfig {
    domain = Names.normalize(domain, "domain");
    if (federation == null || !Names.isLabel(federation.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("federation must be a DNS label: " + federation);
    }
    federation = federation.toLowerCase(Locale.ROOT);
    ttls = ttls == null ? Ttls.DEFAULT : ttls;
    nameServers =
        nameServers == null || nameServers.isEmpty()
            ? List.of(new NameServer("ns." + domain, List.of()))
            : List.copyOf(nameServers);
    hostmaster =
        hostmaster == null || hostmaster.isBlank()
            ? "hostmaster." + domain
            : Names.normalize(hostmaster, "hostmaster");
  }

  /** The zone's defaults for federation {@code federation} under {@code domain}. */
  public static ZoneConfig of(String domain, String federation) {
    return new ZoneConfig(domain, federation, Ttls.DEFAULT, List.of(), null);
  }

  /**
   * TTLs in seconds.
   *
   * @param local cluster and zone names, and every CNAME: they change as shards come and go
   * @param wide region and global names
   * @param negative NXDOMAIN and NODATA answers (the SOA's minimum)
   */
  public record Ttls(int local, int wide, int negative) {
    public static final Ttls DEFAULT = new Ttls(5, 30, 5);

    public Ttls {
      if (local < 0 || wide < 0 || negative < 0) {
        throw new IllegalArgumentException("TTLs cannot be negative");
      }
    }
  }

  /** A name server of the zone and, when it lies inside the zone, its addresses (glue). */
  public record NameServer(String name, List<String> addresses) {
    public NameServer {
      name = Names.normalize(name, "name server");
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
  }
}
