package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.policy.PlacementPolicyStrategy;
import io.ubernetes.federation.resource.DecodedObjects;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.tenancy.Tenancy;
import io.ubernetes.federation.tenancy.TenancyRules;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Reads the clusters, policies and rules of tenancy a scheduling pass needs, with the ledger's
 * commitments.
 */
@Component
class FleetLoader {
  private static final int CAPACITY_BUCKETS = 20;

  private final ResourceReader reader;
  private final PlacementRepository repository;
  private final SchedulerProperties properties;
  private final FailoverGate failover;
  private final Tenancy tenancy;
  private final DecodedObjects<MemberCluster, ?, ?> members;
  private final DecodedObjects<PlacementPolicy, ?, ?> policies;

  FleetLoader(
      ResourceReader reader,
      MemberClusterStrategy clusters,
      PlacementPolicyStrategy policies,
      PlacementRepository repository,
      SchedulerProperties properties,
      FailoverGate failover,
      Tenancy tenancy) {
    this.reader = reader;
    this.members = new DecodedObjects<>(clusters);
    this.policies = new DecodedObjects<>(policies);
    this.repository = repository;
    this.properties = properties;
    this.failover = failover;
    this.tenancy = tenancy;
  }

  /** The fleet with the ledger's commitments as the database counts them. */
  Fleet load(Instant now) {
    return load(now, repository.committedByCluster());
  }

  /**
   * The fleet with these commitments: the active scheduler's, which it keeps between passes (see
   * {@link SchedulerState}).
   */
  Fleet load(Instant now, Map<String, Resources> committed) {
    List<Cluster> fleet = new ArrayList<>();
    MessageDigest digest = sha256();
    for (MemberCluster cluster : members.current(reader)) {
      Cluster input =
          PlacementInputs.cluster(
              cluster,
              committed.getOrDefault(cluster.metadata().name(), Resources.ZERO),
              now,
              properties.failoverGracePeriod(),
              properties.recoveryHoldDown());
      if (input.readiness() == Readiness.FAILED && failover.paused()) {
        // The federation may be the one cut off: keep replicas where they are.
        input =
            input.withReadiness(
                Readiness.NOT_READY,
                input.readinessReason()
                    + "; failover paused: too many clusters fell silent at once, the federation"
                    + " may be the one cut off");
      }
      fleet.add(input);
      Resources external =
          PlacementInputs.amounts(cluster.status() == null ? null : cluster.status().allocated());
      digest.update(fingerprint(input, external).getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Placement> byName = new TreeMap<>();
    for (PlacementPolicy policy : policies.current(reader)) {
      byName.put(policy.metadata().name(), policy.spec());
    }
    // A set or binding written makes a full pass: the namespaces it concerns re-place everything.
    TenancyRules rules = tenancy.rules();
    digest.update(rules.fingerprint().getBytes(StandardCharsets.UTF_8));
    return new Fleet(List.copyOf(fleet), byName, HexFormat.of().formatHex(digest.digest()), rules);
  }

  /** Capacity enters in twentieths of the cluster, so that routine churn does not count. */
  private static String fingerprint(Cluster cluster, Resources external) {
    return String.join(
        "\u0000",
        cluster.name(),
        new TreeMap<>(cluster.labels()).toString(),
        cluster.taints().toString(),
        Boolean.toString(cluster.unschedulable()),
        cluster.readiness().name(),
        // Explanations say why a cluster is not ready, and until when: they must not go stale.
        String.valueOf(cluster.readinessReason()),
        cluster.allocatable().toString(),
        Long.toString(bucket(external.cpuMillis(), cluster.allocatable().cpuMillis())),
        Long.toString(bucket(external.memoryBytes(), cluster.allocatable().memoryBytes())),
        Long.toString(bucket(external.pods(), cluster.allocatable().pods())),
        cluster.price().toString(),
        "\n");
  }

  private static long bucket(long used, long allocatable) {
    return allocatable <= 0 ? used : used * CAPACITY_BUCKETS / allocatable;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
