package io.ubernetes.dns.records;

import io.ubernetes.dns.records.Directory.DnsService;
import io.ubernetes.dns.records.Directory.Location;
import io.ubernetes.dns.records.Directory.Port;
import io.ubernetes.dns.records.Directory.Shard;
import java.util.List;

/** The sandbox's fleet, with a second cluster in on-prem's zone, and a service on it. */
public final class Fleets {
  public static final ZoneConfig ZONE = ZoneConfig.of("ubernetes.local", "fed");
  public static final List<Location> LOCATIONS =
      List.of(
          new Location("onprem-fra", "fra-1", "eu-central"),
          new Location("onprem-fra-b", "fra-1", "eu-central"),
          new Location("aws-eu-west", "eu-west-1a", "eu-west"),
          new Location("gcp-eu-north", "europe-north1-a", "eu-north"),
          new Location("aws-us-east", "us-east-1a", "us-east"));
  public static final List<Port> PORTS =
      List.of(new Port("http", 80, "TCP"), new Port(null, 9090, "TCP"));

  private Fleets() {}

  /** {@code shop/web} with a healthy shard in on-prem (10.1.0.1, .2) and AWS EU (10.2.0.1). */
  public static Directory web(long version) {
    return directory(
        version,
        List.of(
            new Shard("onprem-fra", List.of("10.1.0.2", "10.1.0.1"), true),
            new Shard("aws-eu-west", List.of("10.2.0.1"), true),
            new Shard("aws-us-east", List.of("10.4.0.1"), false)));
  }

  public static Directory directory(long version, List<Shard> shards) {
    return new Directory(
        version, ZONE, LOCATIONS, List.of(new DnsService("shop", "web", PORTS, shards)));
  }
}
