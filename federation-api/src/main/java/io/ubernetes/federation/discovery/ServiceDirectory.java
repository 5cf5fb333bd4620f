package io.ubernetes.federation.discovery;

import io.ubernetes.agent.protocol.ServiceReport;
import io.ubernetes.dns.records.Addresses;
import io.ubernetes.dns.records.Directory;
import io.ubernetes.dns.records.Directory.DnsService;
import io.ubernetes.dns.records.Directory.Location;
import io.ubernetes.dns.records.Directory.Port;
import io.ubernetes.dns.records.Directory.Shard;
import io.ubernetes.dns.records.ServiceNames;
import io.ubernetes.dns.records.Zone;
import io.ubernetes.federation.agents.WorkStore;
import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.DecodedObjects;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.scheduling.SchedulerLeadership;
import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.service.FederatedServiceStatus;
import io.ubernetes.federation.service.FederatedServiceStatus.ClusterEndpoints;
import io.ubernetes.federation.service.FederatedServiceStrategy;
import io.ubernetes.federation.service.ServicePort;
import io.ubernetes.federation.service.ServiceType;
import io.ubernetes.federation.workload.WorkloadReports;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Where each federated service can be reached, recomputed from the database every refresh interval:
 * the services, the addresses and ready endpoints agents report for them, and the health of their
 * clusters. A shard is healthy when it has a ready endpoint and a routable address and its cluster
 * is Ready, or stopped being Ready less than the grace period ago: losing contact with a cluster
 * does not drop the records of services that may still be serving, not even when the scheduler
 * fails the cluster's work over before the grace period ends (its removal instructions cannot reach
 * the cluster, which goes on serving until they do). Each change makes a new {@link Directory}
 * version and {@link Zone}, handed to the listeners (the embedded DNS server) and to the record
 * feed's waiters; the active instance also writes each service's status.
 */
@Component
public class ServiceDirectory {
  private static final String READY = "Ready";

  private final WorkStore work;
  private final WorkloadReports reports;
  private final ResourceReader reader;
  private final SystemWrites writes;
  private final FederatedServiceStrategy services;
  private final MemberClusterStrategy clusters;
  private final SchedulerLeadership leadership;
  private final DnsProperties properties;
  private final Clock clock;
  // Each refresh reads the clusters and services again, decoding only those that changed since the
  // last: a heartbeat changes its cluster, and every refresh would otherwise decode the whole
  // fleet.
  private final DecodedObjects<MemberCluster, ?, ?> decodedClusters;
  private final DecodedObjects<FederatedService, ?, ?> decodedServices;
  private final List<Consumer<Zone>> listeners = new CopyOnWriteArrayList<>();
  private final Object changed = new Object();
  private volatile Directory directory;
  private volatile Zone zone;

  /** The healthy shards of the last refresh, by service ({@code namespace/name}) and cluster. */
  private Map<String, Map<String, Held>> healthy = Map.of();

  /** A shard as the last refresh saw it, with what the service's status said of it. */
  private record Held(Shard shard, ClusterEndpoints endpoints) {}

  ServiceDirectory(
      WorkStore work,
      WorkloadReports reports,
      ResourceReader reader,
      SystemWrites writes,
      FederatedServiceStrategy services,
      MemberClusterStrategy clusters,
      SchedulerLeadership leadership,
      DnsProperties properties,
      Clock clock) {
    this.work = work;
    this.reports = reports;
    this.reader = reader;
    this.writes = writes;
    this.services = services;
    this.clusters = clusters;
    this.leadership = leadership;
    this.properties = properties;
    this.clock = clock;
    this.decodedClusters = new DecodedObjects<>(clusters);
    this.decodedServices = new DecodedObjects<>(services);
    this.directory = new Directory(0, properties.zone(), List.of(), List.of());
    this.zone = Zone.of(directory);
  }

  public Directory directory() {
    return directory;
  }

  public Zone zone() {
    return zone;
  }

  /** Calls {@code listener} with every new zone from now on. */
  public void onChange(Consumer<Zone> listener) {
    listeners.add(listener);
  }

  /**
   * The directory once its version differs from {@code since}, waiting at most {@code wait}
   * milliseconds; the current one when the wait ends.
   */
  Directory await(long since, long waitMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    synchronized (changed) {
      while (directory.version() == since) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        changed.wait(left);
      }
      return directory;
    }
  }

  // One recomputation at a time: the schedule and callers (tests, tools) may overlap.
  @Scheduled(fixedDelayString = "${ubernetes.dns.refresh-interval:1s}")
  public synchronized void refresh() {
    Instant now = clock.instant();
    Map<String, MemberCluster> fleet = new TreeMap<>();
    for (MemberCluster cluster : decodedClusters.current(reader)) {
      fleet.put(cluster.metadata().name(), cluster);
    }
    List<FederatedService> all = new ArrayList<>(decodedServices.current(reader));
    all.sort(
        Comparator.comparing((FederatedService service) -> service.metadata().namespace())
            .thenComparing(service -> service.metadata().name()));
    Map<String, Map<String, Map<String, ServiceReport>>> reports = reports(all);
    List<Location> locations = new ArrayList<>();
    fleet.values().stream()
        .filter(c -> c.spec() != null && c.spec().region() != null && c.spec().zone() != null)
        .forEach(
            c ->
                locations.add(
                    new Location(c.metadata().name(), c.spec().zone(), c.spec().region())));
    List<DnsService> entries = new ArrayList<>();
    Map<UUID, FederatedServiceStatus> statuses = new HashMap<>();
    Map<String, Map<String, Held>> nowHealthy = new HashMap<>();
    for (FederatedService service : all) {
      String namespace = service.metadata().namespace();
      String name = service.metadata().name();
      String workload = namespace + "/" + service.spec().workload();
      Map<String, Held> held = new TreeMap<>();
      for (var report : reports.getOrDefault(workload, Map.of()).entrySet()) {
        ServiceReport shard = report.getValue().get(name);
        if (shard == null) {
          continue;
        }
        List<String> routable = shard.addresses().stream().filter(Addresses::routable).toList();
        boolean healthy =
            shard.readyEndpoints() > 0
                && !routable.isEmpty()
                && serving(fleet.get(report.getKey()), now);
        held.put(
            report.getKey(),
            new Held(
                new Shard(report.getKey(), routable, healthy),
                new ClusterEndpoints(
                    report.getKey(), shard.addresses(), shard.readyEndpoints(), healthy)));
      }
      // A shard whose report went with its work, while its cluster is out of contact but within
      // the grace period, is still serving as far as anyone can tell.
      this.healthy
          .getOrDefault(namespace + "/" + name, Map.of())
          .forEach(
              (cluster, before) -> {
                if (!held.containsKey(cluster) && lostContactWithin(fleet.get(cluster), now)) {
                  held.put(cluster, before);
                }
              });
      List<Shard> shards = held.values().stream().map(Held::shard).toList();
      List<ClusterEndpoints> endpoints = held.values().stream().map(Held::endpoints).toList();
      held.values().removeIf(h -> !h.shard().healthy());
      if (!held.isEmpty()) {
        nowHealthy.put(namespace + "/" + name, held);
      }
      entries.add(new DnsService(namespace, name, ports(service), shards));
      statuses.put(
          UUID.fromString(service.metadata().uid()),
          new FederatedServiceStatus(endpoints, dnsNames(namespace, name, shards, fleet)));
    }
    healthy = nowHealthy;
    publish(new Directory(directory.version(), properties.zone(), locations, entries));
    if (leadership.isLeader()) {
      writeStatuses(all, statuses);
    }
  }

  private void publish(Directory next) {
    Directory current = directory;
    if (current.version() != 0 && next.equals(current)) {
      return;
    }
    // Versions grow across restarts too, so that a follower never mistakes new records for old.
    long version = Math.max(current.version() + 1, clock.millis());
    Directory versioned = new Directory(version, next.zone(), next.locations(), next.services());
    Zone compiled = Zone.of(versioned);
    synchronized (changed) {
      directory = versioned;
      zone = compiled;
      changed.notifyAll();
    }
    listeners.forEach(listener -> listener.accept(compiled));
  }

  private void writeStatuses(
      List<FederatedService> all, Map<UUID, FederatedServiceStatus> statuses) {
    Map<UUID, UnaryOperator<FederatedServiceStatus>> changes = new HashMap<>();
    for (FederatedService service : all) {
      UUID uid = UUID.fromString(service.metadata().uid());
      FederatedServiceStatus status = statuses.get(uid);
      if (!status.equals(service.status())) {
        changes.put(uid, previous -> status);
      }
    }
    if (!changes.isEmpty()) {
      writes.updateStatuses(services, changes);
    }
  }

  /** Whether a cluster is serving, or lost contact less than the grace period ago. */
  private boolean serving(MemberCluster cluster, Instant now) {
    Condition ready = ready(cluster);
    return ready != null && ("True".equals(ready.status()) || notReadyWithin(ready, now));
  }

  /** Whether a cluster is not Ready, since less than the grace period. */
  private boolean lostContactWithin(MemberCluster cluster, Instant now) {
    Condition ready = ready(cluster);
    return ready != null && !"True".equals(ready.status()) && notReadyWithin(ready, now);
  }

  private static Condition ready(MemberCluster cluster) {
    return cluster == null || cluster.status() == null
        ? null
        : Conditions.find(cluster.status().conditions(), READY);
  }

  private boolean notReadyWithin(Condition ready, Instant now) {
    try {
      return ready.lastTransitionTime() != null
          && Instant.parse(ready.lastTransitionTime()).plus(properties.gracePeriod()).isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** SRV ports: what clients connect to at the shards' addresses (pods' ports when headless). */
  private static List<Port> ports(FederatedService service) {
    List<Port> ports = new ArrayList<>();
    for (ServicePort port : service.spec().ports()) {
      int number = port.port();
      if (service.spec().type() == ServiceType.HEADLESS
          && port.targetPort() != null
          && port.targetPort().isNumber()) {
        number = port.targetPort().number();
      }
      ports.add(new Port(port.name(), number, port.protocol()));
    }
    return ports;
  }

  private List<String> dnsNames(
      String namespace, String name, List<Shard> shards, Map<String, MemberCluster> fleet) {
    ServiceNames names = new ServiceNames(properties.zone(), namespace, name);
    TreeSet<String> local = new TreeSet<>();
    for (Shard shard : shards) {
      MemberCluster cluster = fleet.get(shard.cluster());
      if (cluster == null
          || cluster.spec() == null
          || cluster.spec().region() == null
          || cluster.spec().zone() == null) {
        continue;
      }
      String region = cluster.spec().region();
      String zoneName = cluster.spec().zone();
      local.add(names.region(region));
      local.add(names.zone(zoneName, region));
      local.add(names.cluster(shard.cluster(), zoneName, region));
    }
    List<String> all = new ArrayList<>();
    all.add(names.global());
    all.addAll(local);
    return all;
  }

  /**
   * The Services agents report, by workload ({@code namespace/name}), cluster and Service name: for
   * the workloads these services front, and only where the cluster still has the workload's work (a
   * tombstoned cluster has none).
   */
  private Map<String, Map<String, Map<String, ServiceReport>>> reports(
      List<FederatedService> fronting) {
    Map<String, Set<String>> fronted = new HashMap<>();
    for (FederatedService service : fronting) {
      fronted
          .computeIfAbsent(service.metadata().namespace(), n -> new TreeSet<>())
          .add(service.spec().workload());
    }
    List<WorkStore.Assignment> assignments = work.assignments(fronted);
    Map<UUID, Map<String, List<ServiceReport>>> reported =
        reports.services(
            assignments.stream()
                .map(a -> new WorkloadReports.ClusterWorkload(a.cluster(), a.workload()))
                .toList());
    Map<String, Map<String, Map<String, ServiceReport>>> byWorkload = new HashMap<>();
    for (WorkStore.Assignment assignment : assignments) {
      List<ServiceReport> shard =
          reported.getOrDefault(assignment.workload(), Map.of()).get(assignment.cluster());
      if (shard == null) {
        continue;
      }
      Map<String, ServiceReport> byName = new HashMap<>();
      for (ServiceReport report : shard) {
        byName.put(report.name(), report);
      }
      byWorkload
          .computeIfAbsent(assignment.namespace() + "/" + assignment.name(), w -> new TreeMap<>())
          .put(assignment.cluster(), byName);
    }
    return byWorkload;
  }
}
