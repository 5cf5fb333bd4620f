package io.ubernetes.dns.records;

import io.ubernetes.dns.records.Directory.DnsService;
import io.ubernetes.dns.records.Directory.Location;
import io.ubernetes.dns.records.Directory.Port;
import io.ubernetes.dns.records.Directory.Shard;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lays out the zone. For each service, the global name answers with every healthy shard's
 * addresses; a region, zone or cluster name with those of its healthy shards, or, when it has none,
 * with a CNAME one level up (cluster to zone, zone to region, region to global), so that clients
 * get the nearest healthy endpoints. Names exist for every location of the fleet, whether or not
 * the service runs there: a cluster's resolver can always ask for its own cluster-level name. Each
 * named port has an SRV record at every level that has addresses, and a CNAME one level up where
 * the level has none.
 */
final class ZoneBuilder {
  private static final int SOA_REFRESH = 3600;
  private static final int SOA_RETRY = 600;
  private static final int SOA_EXPIRE = 86400;
  private static final Comparator<InetAddress> BY_BYTES =
      Comparator.comparing(InetAddress::getAddress, java.util.Arrays::compare);

  private final Directory directory;
  private final ZoneConfig config;
  private final NavigableMap<String, List<ResourceRecord>> names = Zone.emptyNames();
  private final List<String> skipped = new ArrayList<>();

  /** region, then zone, then clusters: the fleet's valid locations. */
  private final Map<String, Map<String, Set<String>>> regions = new TreeMap<>();

  private final Map<String, Location> byCluster = new LinkedHashMap<>();

  ZoneBuilder(Directory directory) {
    this.directory = directory;
    this.config = directory.zone();
  }

  Zone build() {
    apex();
    locations();
    Set<String> seen = new HashSet<>();
    for (DnsService service : directory.services()) {
      if (!Names.isLabel(service.namespace()) || !Names.isLabel(service.name())) {
        skipped.add("service " + service.namespace() + "/" + service.name() + ": not DNS labels");
      } else if (seen.add(service.namespace() + "/" + service.name())) {
        service(service);
      }
    }
    for (String name : List.copyOf(names.keySet())) {
      for (String parent = Names.parent(name);
          parent != null && Names.within(parent, config.domain());
          parent = Names.parent(parent)) {
        names.putIfAbsent(parent, new ArrayList<>());
      }
    }
    NavigableMap<String, List<ResourceRecord>> frozen = Zone.emptyNames();
    names.forEach((name, records) -> frozen.put(name, List.copyOf(records)));
    return new Zone(config, serial(), frozen, skipped);
  }

  private long serial() {
    return directory.version() & 0xFFFFFFFFL;
  }

  private void apex() {
    String apex = config.domain();
    ZoneConfig.Ttls ttls = config.ttls();
    add(
        apex,
        ttls.wide(),
        new RData.Soa(
            config.nameServers().get(0).name(),
            config.hostmaster(),
            serial(),
            SOA_REFRESH,
            SOA_RETRY,
            SOA_EXPIRE,
            ttls.negative()));
    for (ZoneConfig.NameServer server : config.nameServers()) {
      add(apex, ttls.wide(), new RData.Ns(server.name()));
      if (Names.within(server.name(), apex)) {
        addresses(server.name(), ttls.wide(), parsed(server.addresses()));
      }
    }
  }

  private void locations() {
    for (Location location : directory.locations()) {
      if (location == null
          || !Names.isLabel(location.cluster())
          || !Names.isLabel(location.zone())
          || !Names.isLabel(location.region())
          || ServiceNames.SVC.equals(location.region())) {
        skipped.add("location " + location + ": cluster, zone and region must be DNS labels");
        continue;
      }
      if (byCluster.putIfAbsent(location.cluster(), location) == null) {
        regions
            .computeIfAbsent(location.region(), r -> new TreeMap<>())
            .computeIfAbsent(location.zone(), z -> new TreeSet<>())
            .add(location.cluster());
      }
    }
  }

  private void service(DnsService service) {
    ServiceNames names = new ServiceNames(config, service.namespace(), service.name());
    Map<String, Set<InetAddress>> healthy = new TreeMap<>();
    for (Shard shard : service.shards()) {
      if (shard.healthy()) {
        healthy
            .computeIfAbsent(shard.cluster(), c -> new TreeSet<>(BY_BYTES))
            .addAll(parsed(shard.addresses()));
      }
    }
    healthy.values().removeIf(Set::isEmpty);
    ZoneConfig.Ttls ttls = config.ttls();
    List<Port> ports = service.ports().stream().filter(ZoneBuilder::servedBySrv).toList();

    String global = names.global();
    Set<InetAddress> all = union(healthy.keySet(), healthy);
    level(global, all, ttls.wide(), null, ports);
    for (var region : regions.entrySet()) {
      String regionName = names.region(region.getKey());
      Set<String> inRegion = new TreeSet<>();
      region.getValue().values().forEach(inRegion::addAll);
      level(regionName, union(inRegion, healthy), ttls.wide(), global, ports);
      for (var zone : region.getValue().entrySet()) {
        String zoneName = names.zone(zone.getKey(), region.getKey());
        level(zoneName, union(zone.getValue(), healthy), ttls.local(), regionName, ports);
        for (String cluster : zone.getValue()) {
          String clusterName = names.cluster(cluster, zone.getKey(), region.getKey());
          level(clusterName, union(Set.of(cluster), healthy), ttls.local(), zoneName, ports);
        }
      }
    }
  }

  /**
   * One level's name: its addresses and SRV records, or, when it has no addresses, CNAMEs to the
   * level above ({@code fallback}; null for the global name, which then exists without records).
   */
  private void level(
      String name, Set<InetAddress> addresses, int ttl, String fallback, List<Port> ports) {
    if (name.length() > 253) {
      skipped.add(name + ": longer than 253 characters");
      return;
    }
    int cnameTtl = config.ttls().local();
    if (!addresses.isEmpty()) {
      addresses(name, ttl, addresses);
    } else if (fallback != null) {
      add(name, cnameTtl, new RData.Cname(fallback));
    } else {
      this.names.putIfAbsent(name, new ArrayList<>());
    }
    for (Port port : ports) {
      String srv = ServiceNames.srv(port.name(), port.protocol(), name);
      if (srv.length() > 253) {
        continue;
      }
      if (!addresses.isEmpty()) {
        add(srv, ttl, new RData.Srv(0, 0, port.port(), name));
      } else if (fallback != null) {
        add(
            srv,
            cnameTtl,
            new RData.Cname(ServiceNames.srv(port.name(), port.protocol(), fallback)));
      } else {
        this.names.putIfAbsent(srv, new ArrayList<>());
      }
    }
  }

  private static boolean servedBySrv(Port port) {
    return port.name() != null
        && Names.isLabel(port.name())
        && port.port() > 0
        && port.port() <= 65535
        && port.protocol() != null
        && Set.of("tcp", "udp", "sctp")
            .contains(port.protocol().toLowerCase(java.util.Locale.ROOT));
  }

  private static Set<InetAddress> union(
      Set<String> clusters, Map<String, Set<InetAddress>> byCluster) {
    Set<InetAddress> union = new TreeSet<>(BY_BYTES);
    for (String cluster : clusters) {
      union.addAll(byCluster.getOrDefault(cluster, Set.of()));
    }
    return union;
  }

  private static List<InetAddress> parsed(List<String> literals) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String literal : literals) {
      Addresses.parse(literal).ifPresent(addresses::add);
    }
    return addresses;
  }

  private void addresses(String name, int ttl, Iterable<InetAddress> addresses) {
    for (InetAddress address : addresses) {
      if (address instanceof Inet4Address v4) {
        add(name, ttl, new RData.A(v4));
      } else if (address instanceof Inet6Address v6) {
        add(name, ttl, new RData.Aaaa(v6));
      }
    }
  }

  private void add(String name, int ttl, RData data) {
    names.computeIfAbsent(name, n -> new ArrayList<>()).add(new ResourceRecord(name, ttl, data));
  }
}
