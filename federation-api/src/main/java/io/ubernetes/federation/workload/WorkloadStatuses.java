package io.ubernetes.federation.workload;

import io.ubernetes.federation.cluster.ClusterReachability;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of workloads' status: whenever the scheduler decides, a cluster reports or a
 * cluster's reachability changes, the status is computed again by {@link WorkloadStatusFunction}
 * from the decision, every report and which clusters are unreachable. Each batch costs a fixed
 * number of statements however many workloads it holds. The callers lock the workloads first (in
 * uid order, as every transaction that writes rows referring to several workloads does).
 */
@Component
public class WorkloadStatuses {
  private final SystemWrites writes;
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final WorkloadReports reports;
  private final ClusterReachability reachability;

  WorkloadStatuses(
      SystemWrites writes,
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      WorkloadReports reports,
      ClusterReachability reachability) {
    this.writes = writes;
    this.reader = reader;
    this.workloads = workloads;
    this.reports = reports;
    this.reachability = reachability;
  }

  /**
   * Writes the status of workloads the scheduler just decided.
   *
   * @param locked the workloads, locked by the caller's transaction
   * @param decisions the new decisions, by workload; those of workloads not locked are left out
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void decided(
      Map<UUID, SystemWrites.Locked> locked, Map<UUID, PlacementDecision> decisions, Instant now) {
    Map<UUID, PlacementDecision> mine = new HashMap<>();
    decisions.forEach(
        (uid, decision) -> {
          if (locked.containsKey(uid)) {
            mine.put(uid, decision);
          }
        });
    Map<UUID, ReplicaCounting> counting = new HashMap<>();
    reader
        .getAll(workloads, mine.keySet())
        .forEach((uid, workload) -> counting.put(uid, ReplicaCounting.of(workload.spec())));
    write(locked, mine, counting, now);
  }

  /**
   * Computes again the status of these workloads from the decision their status records: their
   * clusters' reports or reachability changed.
   *
   * @param locked the workloads, locked by the caller's transaction
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void refresh(Map<UUID, SystemWrites.Locked> locked, Instant now) {
    if (locked.isEmpty()) {
      return;
    }
    Map<UUID, PlacementDecision> decisions = new HashMap<>();
    Map<UUID, ReplicaCounting> counting = new HashMap<>();
    reader
        .getAll(workloads, locked.keySet())
        .forEach(
            (uid, workload) -> {
              decisions.put(uid, PlacementDecision.recordedIn(statusOf(workload)));
              counting.put(uid, ReplicaCounting.of(workload.spec()));
            });
    write(locked, decisions, counting, now);
  }

  /**
   * Writes how workloads' rollouts stand, with their {@code RolloutProgressing} and {@code
   * RolloutHalted} conditions; the rest of the status stays.
   *
   * @param locked the workloads, locked by the caller's transaction
   * @param rollouts by workload; those of workloads not locked are left out
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void rolledOut(
      Map<UUID, SystemWrites.Locked> locked, Map<UUID, RolloutStatus> rollouts, Instant now) {
    Map<UUID, UnaryOperator<WorkloadStatus>> changes = new HashMap<>();
    rollouts.forEach(
        (uid, rollout) -> {
          if (locked.containsKey(uid)) {
            long generation = locked.get(uid).generation();
            changes.put(
                uid,
                previous ->
                    previous.withRollout(
                        RolloutConditions.of(previous.conditions(), rollout, generation, now),
                        rollout));
          }
        });
    writes.updateStatuses(workloads, changes);
  }

  /**
   * @param decisions by workload; null for a workload never placed
   * @param counting what each workload's replica counts count
   */
  private void write(
      Map<UUID, SystemWrites.Locked> locked,
      Map<UUID, PlacementDecision> decisions,
      Map<UUID, ReplicaCounting> counting,
      Instant now) {
    if (decisions.isEmpty()) {
      return;
    }
    Map<UUID, Map<String, ClusterReport>> reported = reports.of(decisions.keySet());
    Set<String> clusters = new TreeSet<>();
    decisions.values().stream()
        .filter(decision -> decision != null)
        .forEach(decision -> clusters.addAll(decision.clusters()));
    Map<String, String> unreachable = reachability.unreachable(clusters);
    Map<UUID, UnaryOperator<WorkloadStatus>> changes = new HashMap<>();
    decisions.forEach(
        (uid, decision) -> {
          Map<String, ClusterReport> mine = reported.getOrDefault(uid, Map.of());
          long generation = locked.get(uid).generation();
          changes.put(
              uid,
              previous -> {
                // The rollout is the rollout pass's to write: kept as it is.
                RolloutStatus rollout = previous.rollout();
                WorkloadStatus computed =
                    WorkloadStatusFunction.compute(
                        decision,
                        mine,
                        unreachable,
                        generation,
                        rollout == null ? null : rollout.targetRevision(),
                        counting.getOrDefault(uid, ReplicaCounting.PLACED),
                        now,
                        previous.conditions());
                return computed.withRollout(computed.conditions(), rollout);
              });
        });
    writes.updateStatuses(workloads, changes);
  }

  private static WorkloadStatus statusOf(FederatedWorkload workload) {
    return workload.status() == null ? WorkloadStatus.NONE : workload.status();
  }
}
