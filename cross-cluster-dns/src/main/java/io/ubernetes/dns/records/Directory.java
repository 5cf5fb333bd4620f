package io.ubernetes.dns.records;

import java.util.List;

/**
 * Everything a DNS server needs to answer for the federation's services: the zone, where the member
 * clusters are, and each service's shards. The federation publishes it whenever endpoints or health
 * change; its {@code version} only grows.
 */
public record Directory(
    long version, ZoneConfig zone, List<Location> locations, List<DnsService> services) {

  public Directory {
    if (zone == null) {
      throw new IllegalArgumentException("zone is required");
    }
    locations = locations == null ? List.of() : List.copyOf(locations);
    services = services == null ? List.of() : List.copyOf(services);
  }

  /** Where a member cluster is. Names exist for every location, whether a service runs there. */
  public record Location(String cluster, String zone, String region) {}

  /**
   * A federated service.
   *
   * @param ports the named ports, for SRV records
   * @param shards the clusters where it runs
   */
  public record DnsService(String namespace, String name, List<Port> ports, List<Shard> shards) {
    public DnsService {
      ports = ports == null ? List.of() : List.copyOf(ports);
      shards = shards == null ? List.of() : List.copyOf(shards);
    }
  }

  /**
   * A port clients reach at the shards' addresses.
   *
   * @param name the port's name; unnamed ports get no SRV records
   * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
   */
  public record Port(String name, int port, String protocol) {}

  /**
   * A service in one cluster.
   *
   * @param addresses IPv4 and IPv6 addresses clients connect to; host names are not served
   * @param healthy whether it has a ready endpoint and its cluster is serving (or within its grace
   *     period)
   */
  public record Shard(String cluster, List<String> addresses, boolean healthy) {
    public Shard {
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
  }
}
