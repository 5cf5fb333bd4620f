package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.events.WorkloadEvent;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.placement.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The events a workload's new decision tells its history by, from where it was wanted before and
 * where it is wanted now: placed for the first time ({@code Scheduled}), moved off a failed cluster
 * ({@code FailedOver}), moved for another reason ({@code Rescheduled}: a drain, replicas no node of
 * a cluster could take, a scale, a rebalance, a changed placement), not placed or only partly
 * ({@code FailedScheduling}).
 */
final class PlacementEvents {
  /**
   * What the pass knew about why replicas move.
   *
   * @param leaving the clusters replicas are to leave, each with why (see {@link Fleet#leaving})
   * @param rebalance whether the pass is a rebalance
   */
  record Context(Map<String, String> leaving, boolean rebalance) {
    static final Context NONE = new Context(Map.of(), false);

    Context {
      leaving = Map.copyOf(leaving);
    }
  }

  private PlacementEvents() {}

  static List<WorkloadEvent> of(ScheduledWorkload item, Context context) {
    List<WorkloadEvent> events = new ArrayList<>();
    Map<String, Integer> before = new TreeMap<>(item.previous().target());
    Map<String, Integer> after = new TreeMap<>(item.shares().target());
    Decision decision = item.decision();
    if (!before.equals(after)) {
      if (before.isEmpty()) {
        events.add(
            event(
                item,
                false,
                "Scheduled",
                "Placed "
                    + sum(after)
                    + " replicas: "
                    + shares(after)
                    + "; "
                    + decision.summary()));
      } else {
        TreeSet<String> failed = new TreeSet<>();
        TreeSet<String> drained = new TreeSet<>();
        Map<String, String> stuck = new TreeMap<>();
        Map<String, String> unschedulable = new TreeMap<>();
        item.holds().forEach(hold -> stuck.put(hold.cluster(), hold.reason()));
        for (Map.Entry<String, Integer> share : before.entrySet()) {
          if (after.getOrDefault(share.getKey(), 0) >= share.getValue()) {
            continue;
          }
          String why = context.leaving().get(share.getKey());
          if (why != null && why.startsWith("failed")) {
            failed.add(share.getKey());
          } else if (why != null) {
            drained.add(share.getKey());
          } else if (stuck.containsKey(share.getKey())) {
            unschedulable.put(share.getKey(), stuck.get(share.getKey()));
          }
        }
        String move = shares(before) + " -> " + shares(after);
        if (!failed.isEmpty()) {
          events.add(
              event(
                  item,
                  true,
                  "FailedOver",
                  "Cluster "
                      + String.join(", ", failed)
                      + (failed.size() == 1 ? " is" : " are")
                      + " not ready past the failover grace period; its replicas moved: "
                      + move));
        } else {
          events.add(
              event(
                  item,
                  false,
                  "Rescheduled",
                  why(before, after, drained, unschedulable, context) + ": " + move));
        }
      }
    }
    if (decision.outcome() != Decision.Outcome.PLACED) {
      String message = decision.summary();
      if (!decision.quotaReached().isEmpty()) {
        message = message + " (quota cap reached)";
      }
      events.add(event(item, true, "FailedScheduling", message));
    }
    return events;
  }

  private static String why(
      Map<String, Integer> before,
      Map<String, Integer> after,
      TreeSet<String> drained,
      Map<String, String> unschedulable,
      Context context) {
    if (!drained.isEmpty()) {
      return "Cluster " + String.join(", ", drained) + " drained (unschedulable)";
    }
    if (!unschedulable.isEmpty()) {
      List<String> clusters = new ArrayList<>();
      unschedulable.forEach((cluster, reason) -> clusters.add(cluster + " (" + reason + ")"));
      return "Replicas waited too long for a node on " + String.join(", ", clusters);
    }
    if (sum(before) != sum(after)) {
      return "Scaled from " + sum(before) + " to " + sum(after) + " replicas";
    }
    if (context.rebalance()) {
      return "Rebalanced";
    }
    return "Placement changed";
  }

  private static WorkloadEvent event(
      ScheduledWorkload item, boolean warning, String reason, String message) {
    FederatedWorkload workload = item.workload();
    String namespace = workload.metadata().namespace();
    boolean clusterScoped = namespace == null || namespace.isEmpty();
    return new WorkloadEvent(
        clusterScoped ? ClusterFederatedWorkload.KIND : FederatedWorkload.KIND,
        namespace,
        workload.metadata().name(),
        item.uid(),
        warning,
        reason,
        message,
        WorkloadEvent.SCHEDULER);
  }

  /** {@code a=2, b=2}; {@code none} when empty. */
  private static String shares(Map<String, Integer> replicas) {
    if (replicas.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    replicas.forEach((cluster, count) -> parts.add(cluster + "=" + count));
    return String.join(", ", parts);
  }

  private static int sum(Map<String, Integer> replicas) {
    return replicas.values().stream().mapToInt(Integer::intValue).sum();
  }
}
