package io.ubernetes.scheduling;

import io.ubernetes.api.policy.Placement;
import io.ubernetes.api.resource.ResourceReader;
import io.ubernetes.api.workload.FederatedWorkload;
import io.ubernetes.api.workload.FederatedWorkloadStrategy;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.PlacementEngine;
import io.ubernetes.placement.PlacementSpec;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One run of the scheduler: places the workloads that need it as one batch over the fleet, keeps
 * replicas on failed clusters when nothing else may take them, and writes the result.
 */
@Component
class SchedulingPass {
  private static final Logger log = LoggerFactory.getLogger(SchedulingPass.class);

  private final PlacementEngine engine = new PlacementEngine();
  private final PlacementRepository repository;
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final TemplateRequests requests;
  private final DecisionWriter writer;

  SchedulingPass(
      PlacementRepository repository,
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      TemplateRequests requests,
      DecisionWriter writer) {
    this.repository = repository;
    this.reader = reader;
    this.workloads = workloads;
    this.requests = requests;
    this.writer = writer;
  }

  /** Why a pass runs, which decides what it places. */
  enum Trigger {
    /** Workloads were written: place those that need it. */
    CHANGES,
    /** The fleet changed: place every workload. */
    FLEET,
    /** Time to rebalance: place every workload, but move only so many replicas. */
    REBALANCE
  }

  /**
   * @param maxMoves for a rebalance, how many replicas may move
   * @return how many workloads' decisions changed
   */
  int run(long epoch, Fleet fleet, Trigger trigger, int maxMoves, Instant now) {
    List<PlacementRepository.Pending> todo =
        trigger == Trigger.CHANGES ? repository.pending() : repository.all();
    if (todo.isEmpty()) {
      return 0;
    }
    Map<UUID, Long> policyVersions = new HashMap<>();
    todo.forEach(p -> policyVersions.put(p.workload(), p.policyVersion()));
    Map<UUID, FederatedWorkload> loaded = reader.getAll(workloads, policyVersions.keySet());
    Map<UUID, Map<String, Integer>> placements = repository.placements();
    Map<UUID, PlacementRepository.StoredDecision> stored = repository.decisions();
    Map<WorkloadKey, Map<String, Integer>> existing = new HashMap<>();
    repository
        .workloadKeys()
        .forEach((uid, key) -> existing.put(key, placements.getOrDefault(uid, Map.of())));

    List<Workload> batch = new ArrayList<>();
    Map<WorkloadKey, UUID> uids = new HashMap<>();
    Map<WorkloadKey, Resources> perReplica = new HashMap<>();
    Map<WorkloadKey, PlacementSpec.Mode> modes = new HashMap<>();
    for (Map.Entry<UUID, FederatedWorkload> entry : loaded.entrySet()) {
      FederatedWorkload workload = entry.getValue();
      Placement placement = workload.spec().placement();
      if (placement != null && placement.policyRef() != null) {
        placement = fleet.policies().get(placement.policyRef());
        if (placement == null) {
          // Refused on write; possible only in the instant of a concurrent change.
          log.warn(
              "Workload {}/{} refers to a missing policy; not placed this time",
              workload.metadata().namespace(),
              workload.metadata().name());
          continue;
        }
      }
      WorkloadKey key =
          new WorkloadKey(workload.metadata().namespace(), workload.metadata().name());
      Resources unit = requests.perReplica(workload.spec().template());
      PlacementRepository.StoredDecision previous = stored.get(entry.getKey());
      batch.add(
          new Workload(
              key,
              workload.spec().replicas(),
              unit,
              PlacementInputs.spec(placement),
              placements.getOrDefault(entry.getKey(), Map.of()),
              previous == null ? null : previous.scaleBackPendingSince()));
      uids.put(key, entry.getKey());
      perReplica.put(key, unit);
      modes.put(key, batch.getLast().placement().mode());
    }
    List<Decision> decisions =
        engine.placeAll(batch, fleet.clusters(), existing, now, Decision.Detail.BRIEF);

    Map<String, Readiness> readiness = fleet.readiness();
    List<ScheduledWorkload> scheduled = new ArrayList<>();
    for (Decision decision : decisions) {
      UUID uid = uids.get(decision.workload());
      Map<String, Integer> previous = placements.getOrDefault(uid, Map.of());
      List<String> problems = new ArrayList<>(decision.problems());
      boolean duplicated = modes.get(decision.workload()) == PlacementSpec.Mode.DUPLICATED;
      Map<String, Integer> committed =
          keepOnFailedClusters(decision, duplicated, previous, readiness, problems);
      scheduled.add(
          new ScheduledWorkload(
              uid,
              loaded.get(uid),
              policyVersions.get(uid),
              perReplica.get(decision.workload()),
              decision,
              committed,
              previous,
              List.copyOf(problems)));
    }
    if (trigger == Trigger.REBALANCE) {
      scheduled = withinBudget(scheduled, repository.pending(), maxMoves);
    }
    Map<String, Map<String, String>> labels = new HashMap<>();
    fleet.clusters().forEach(c -> labels.put(c.name(), c.labels()));
    return writer.write(epoch, scheduled, stored, labels, trigger == Trigger.FLEET, now);
  }

  /**
   * The decisions of a rebalance up to the first that would exceed the budget of moved replicas.
   * Decisions of a batch build on the capacity earlier ones freed, so everything after that point
   * waits for the next rebalance. Workloads that needed placing anyway do not count.
   */
  static List<ScheduledWorkload> withinBudget(
      List<ScheduledWorkload> scheduled, List<PlacementRepository.Pending> pending, int maxMoves) {
    java.util.Set<UUID> needed = new java.util.HashSet<>();
    pending.forEach(p -> needed.add(p.workload()));
    int budget = maxMoves;
    for (int i = 0; i < scheduled.size(); i++) {
      ScheduledWorkload item = scheduled.get(i);
      int moves = needed.contains(item.uid()) ? 0 : moved(item.previous(), item.committed());
      if (moves > budget) {
        log.info(
            "Rebalance moves {} replicas and stops at workload {}: the rest wait for the next"
                + " rebalance",
            maxMoves - budget,
            item.uid());
        return scheduled.subList(0, i);
      }
      budget -= moves;
    }
    return scheduled;
  }

  /** How many replicas change cluster between two placements. */
  static int moved(Map<String, Integer> before, Map<String, Integer> after) {
    int added = 0;
    for (Map.Entry<String, Integer> entry : after.entrySet()) {
      added += Math.max(0, entry.getValue() - before.getOrDefault(entry.getKey(), 0));
    }
    return added;
  }

  /**
   * Hard rules stay hard: when the decision cannot place every replica, replicas that ran on
   * clusters that have failed stay committed there rather than go nowhere, until a permitted
   * cluster can take them.
   */
  static Map<String, Integer> keepOnFailedClusters(
      Decision decision,
      boolean duplicated,
      Map<String, Integer> previous,
      Map<String, Readiness> readiness,
      List<String> problems) {
    Map<String, Integer> committed = new TreeMap<>(decision.replicas());
    // Duplicated: every cluster runs all replicas; keep the failed ones only if none is left.
    int shortfall =
        duplicated
            ? (decision.replicas().isEmpty() ? Integer.MAX_VALUE : 0)
            : decision.requestedReplicas() - decision.placedReplicas();
    if (shortfall <= 0) {
      return committed;
    }
    for (Map.Entry<String, Integer> ran : previous.entrySet()) {
      if (shortfall <= 0) {
        break;
      }
      if (readiness.get(ran.getKey()) != Readiness.FAILED) {
        continue;
      }
      int kept = Math.min(ran.getValue() - committed.getOrDefault(ran.getKey(), 0), shortfall);
      if (kept > 0) {
        committed.merge(ran.getKey(), kept, Integer::sum);
        shortfall -= kept;
        problems.add(
            "keeps "
                + kept
                + (kept == 1 ? " replica" : " replicas")
                + " on failed cluster "
                + ran.getKey()
                + ": no permitted cluster can take "
                + (kept == 1 ? "it" : "them"));
      }
    }
    return committed;
  }
}
