package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the scheduler decided for a workload, as far as its status tells: the status records exactly
 * this, so that between decisions it is recovered from the status itself ({@link #recordedIn}).
 *
 * @param generation the workload generation the decision was made for
 * @param message the decision's summary and what else the scheduler wants people to know
 * @param spread whether the placement asks for a spread over topology groups
 * @param unmetSpread why the spread is not met; empty when it is (or none is asked for)
 * @param moving what a move in progress waits for; empty when replicas run where they are wanted
 * @param running replicas per cluster that clusters are told to run now, in cluster name order
 * @param target replicas per cluster the decision wants; differs from {@code running} while
 *     replicas move
 * @param desiredReplicas the replicas the workload asks for in all
 */
public record PlacementDecision(
    long generation,
    Outcome outcome,
    String message,
    boolean spread,
    List<String> unmetSpread,
    String moving,
    Map<String, Integer> running,
    Map<String, Integer> target,
    int desiredReplicas) {

  /** How much of the workload could be placed, with its {@code Scheduled} reason. */
  public enum Outcome {
    PLACED("Placed"),
    PARTIAL("PartiallyPlaced"),
    UNSCHEDULABLE("Unschedulable"),
    /** Nothing placed because the namespace's quotas leave no room for a replica. */
    QUOTA_EXCEEDED("QuotaExceeded");

    private final String reason;

    Outcome(String reason) {
      this.reason = reason;
    }

    /** The reason of the {@code Scheduled} condition. */
    public String reason() {
      return reason;
    }

    static Outcome ofReason(String reason, String status) {
      for (Outcome outcome : values()) {
        if (outcome.reason.equals(reason)) {
          return outcome;
        }
      }
      return "True".equals(status) ? PLACED : UNSCHEDULABLE;
    }
  }

  public PlacementDecision {
    message = message == null ? "" : message;
    unmetSpread = unmetSpread == null ? List.of() : List.copyOf(unmetSpread);
    moving = moving == null ? "" : moving;
    running = Collections.unmodifiableSortedMap(new TreeMap<>(running));
    target = Collections.unmodifiableSortedMap(new TreeMap<>(target));
  }

  /**
   * The decision a workload's status records, or null when the workload was never placed: the
   * {@code Scheduled}, {@code Spread} and {@code Moving} conditions, the shares and the desired
   * replicas.
   */
  public static PlacementDecision recordedIn(WorkloadStatus status) {
    Condition scheduled = Conditions.find(status.conditions(), "Scheduled");
    if (scheduled == null) {
      return null;
    }
    Condition spread = Conditions.find(status.conditions(), "Spread");
    Condition moving = Conditions.find(status.conditions(), "Moving");
    Map<String, Integer> running = new TreeMap<>();
    Map<String, Integer> target = new TreeMap<>();
    int wanted = 0;
    for (ClusterReplicas share : status.clusters()) {
      running.put(share.name(), share.replicas() == null ? 0 : share.replicas());
      target.put(share.name(), share.wanted());
      wanted += share.wanted();
    }
    Long generation =
        status.observedGeneration() != null
            ? status.observedGeneration()
            : scheduled.observedGeneration();
    return new PlacementDecision(
        generation == null ? 0 : generation,
        Outcome.ofReason(scheduled.reason(), scheduled.status()),
        scheduled.message(),
        spread != null,
        spread == null || "True".equals(spread.status()) || spread.message() == null
            ? List.of()
            // Joined by "; " when written: split, it is written again as it was.
            : List.of(spread.message().split("; ", -1)),
        moving != null && "True".equals(moving.status()) ? moving.message() : "",
        running,
        target,
        status.desiredReplicas() != null ? status.desiredReplicas() : wanted);
  }

  /** Every cluster the decision names, running replicas now or wanted there, in name order. */
  public SortedSet<String> clusters() {
    SortedSet<String> names = new TreeSet<>(running.keySet());
    names.addAll(target.keySet());
    return names;
  }
}
