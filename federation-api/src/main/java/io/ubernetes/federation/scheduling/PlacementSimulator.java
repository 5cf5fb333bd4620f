package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterSpec;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.quota.QuotaBudgets;
import io.ubernetes.federation.quota.ReplicaCharges;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectKey;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadSpec;
import io.ubernetes.placement.Budget;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.PlacementEngine;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Answers what-if questions with the scheduler's own inputs and engine: the registered clusters (or
 * clusters given inline), with some failed or drained, the ledger's commitments and the workload's
 * current placement. Explains every cluster; stores nothing.
 */
@Component
class PlacementSimulator {
  private final PlacementEngine engine = new PlacementEngine();
  private final FederatedWorkloadStrategy workloads;
  private final MemberClusterStrategy clusters;
  private final PlacementRepository repository;
  private final ResourceReader reader;
  private final FleetLoader fleets;
  private final ReplicaCharges replicaCharges;
  private final QuotaBudgets quotas;
  private final Clock clock;

  PlacementSimulator(
      FederatedWorkloadStrategy workloads,
      MemberClusterStrategy clusters,
      PlacementRepository repository,
      ResourceReader reader,
      FleetLoader fleets,
      ReplicaCharges replicaCharges,
      QuotaBudgets quotas,
      Clock clock) {
    this.workloads = workloads;
    this.clusters = clusters;
    this.repository = repository;
    this.reader = reader;
    this.fleets = fleets;
    this.replicaCharges = replicaCharges;
    this.quotas = quotas;
    this.clock = clock;
  }

  WorkloadPlacement simulate(SimulationRequest request) {
    Instant now = clock.instant();
    Fleet fleet = fleets.load(now);
    FederatedWorkload workload = request.workload();
    if (workload == null) {
      throw ApiException.invalid(
          "SimulationRequest", null, List.of(new FieldError("workload", "required")));
    }
    ObjectMeta given = workload.metadata();
    String namespace = given == null || given.namespace() == null ? "default" : given.namespace();
    String name = given == null || given.name() == null ? "simulation" : given.name();
    ObjectMeta metadata = new ObjectMeta(name, namespace, null, null, null, null, null, null);
    FieldErrors errors = new FieldErrors();
    WorkloadSpec spec = workloads.admit(metadata, workload.spec(), errors.under("workload."));
    List<Cluster> fleetClusters =
        request.clusters() == null ? fleet.clusters() : inline(request.clusters(), errors);
    Set<String> known = new HashSet<>();
    fleetClusters.forEach(c -> known.add(c.name()));
    check(request.failedClusters(), "failedClusters", known, errors);
    check(request.unschedulableClusters(), "unschedulableClusters", known, errors);
    errors.throwIfAny("SimulationRequest", null);

    Placement placement = spec.placement();
    if (placement != null && placement.policyRef() != null) {
      placement = fleet.policies().get(placement.policyRef());
      if (placement == null) {
        throw ApiException.invalid(
            "SimulationRequest",
            null,
            List.of(
                new FieldError(
                    "workload.spec.placement.policyRef",
                    "PlacementPolicy \"" + spec.placement().policyRef() + "\" does not exist")));
      }
    }
    List<Cluster> what = whatIf(fleetClusters, request);

    WorkloadKey key = new WorkloadKey(namespace, name);
    Map<WorkloadKey, Map<String, Integer>> placements = new HashMap<>();
    Map<UUID, Map<String, Integer>> ledger = repository.targets();
    UUID stored = null;
    for (Map.Entry<UUID, ObjectKey> entry : reader.keys(workloads).entrySet()) {
      WorkloadKey other = new WorkloadKey(entry.getValue().namespace(), entry.getValue().name());
      placements.put(other, ledger.getOrDefault(entry.getKey(), Map.of()));
      if (other.equals(key)) {
        stored = entry.getKey();
      }
    }
    // What a pass would count per replica: the largest request the overrides make of it.
    Resources unit =
        replicaCharges
            .unstored(namespace, name, given == null ? null : given.labels(), spec)
            .perReplica();
    Workload input =
        new Workload(
            key,
            spec.replicas(),
            unit,
            PlacementInputs.spec(placement),
            placements.getOrDefault(key, Map.of()),
            null,
            Map.of(),
            // The namespace simulated may use the clusters its cluster sets allow, as scheduled.
            fleet.tenancy().fences(Fleet.labels(what)).of(namespace));
    // The namespace's quotas as the scheduler applies them; the workload's own share is its new
    // one.
    List<Budget> budgets = quotas.budgets(namespace, stored, Fleet.labels(what));
    Decision decision = engine.place(input, what, placements, budgets, now, Decision.Detail.FULL);
    return WorkloadPlacement.of(
        metadata,
        null,
        null,
        decision,
        new PlacementRepository.Shares(decision.replicas(), decision.replicas()),
        decision.problems(),
        "");
  }

  private List<Cluster> inline(List<MemberCluster> given, FieldErrors errors) {
    List<Cluster> result = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      MemberCluster cluster = given.get(i);
      String field = "clusters[" + i + "]";
      String name = cluster.metadata() == null ? null : cluster.metadata().name();
      KubernetesValidation.dnsLabel(name, field + ".metadata.name", errors);
      if (name != null && !names.add(name)) {
        errors.add(field + ".metadata.name", "duplicate cluster \"" + name + "\"");
      }
      MemberClusterSpec spec =
          clusters.admit(cluster.metadata(), cluster.spec(), errors.under(field + "."));
      if (spec == null || name == null) {
        continue;
      }
      Map<String, String> labels = new HashMap<>(cluster.metadata().labels());
      labels.putAll(clusters.managedLabels(spec));
      MemberCluster normalized =
          clusters.assemble(
              new ObjectMeta(name, null, labels, null, null, null, null, null),
              spec,
              cluster.status());
      Cluster input =
          PlacementInputs.cluster(
              normalized, Resources.ZERO, Instant.EPOCH, Duration.ZERO, Duration.ZERO);
      boolean saysNotReady =
          cluster.status() != null
              && cluster.status().conditions().stream()
                  .anyMatch(c -> "Ready".equals(c.type()) && !"True".equals(c.status()));
      result.add(saysNotReady ? input : input.withReadiness(Readiness.READY));
    }
    return result;
  }

  /** The fleet with the clusters the question fails or drains changed accordingly. */
  private static List<Cluster> whatIf(List<Cluster> fleet, SimulationRequest request) {
    List<Cluster> result = new ArrayList<>();
    for (Cluster cluster : fleet) {
      Cluster changed = cluster;
      if (request.failedClusters().contains(cluster.name())) {
        changed = changed.withReadiness(Readiness.FAILED, "failed in this simulation");
      }
      if (request.unschedulableClusters().contains(cluster.name())) {
        changed =
            new Cluster(
                changed.name(),
                changed.labels(),
                changed.taints(),
                true,
                changed.readiness(),
                changed.allocatable(),
                changed.allocated(),
                changed.price(),
                changed.nodes(),
                changed.readinessReason());
      }
      result.add(changed);
    }
    return result;
  }

  private static void check(
      List<String> names, String field, Set<String> known, FieldErrors errors) {
    for (int i = 0; i < names.size(); i++) {
      if (!known.contains(names.get(i))) {
        errors.add(field + "[" + i + "]", "no cluster named \"" + names.get(i) + "\"");
      }
    }
  }
}
