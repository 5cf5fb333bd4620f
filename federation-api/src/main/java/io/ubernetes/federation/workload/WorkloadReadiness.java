package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums a workload's shares into its replica counts and its {@code Ready} condition, for {@link
 * WorkloadStatusFunction}. Only reachable clusters vouch for replicas; the condition names the
 * clusters that hold it back and says why, in their own words.
 */
final class WorkloadReadiness {
  /** Clusters named in the Ready message; beyond them, how many more. */
  private static final int NAMED = 5;

  private WorkloadReadiness() {}

  /**
   * The status with these conditions and shares, the counts summed from them and {@code Ready} set.
   *
   * @param desired the replicas the workload asks for in all
   * @param byMembers whether the members' autoscalers own the replicas: then each cluster counts
   *     what it runs ({@link ClusterReplicas#running()}), and the workload asks for what the
   *     autoscalers of the clusters it is placed in ask for, {@code desired} notwithstanding
   */
  static WorkloadStatus summarize(
      Long observedGeneration,
      List<Condition> conditions,
      List<ClusterReplicas> clusters,
      int desired,
      boolean byMembers,
      long generation,
      Instant now) {
    int replicas = 0;
    int updated = 0;
    int ready = 0;
    int available = 0;
    List<String> trouble = new ArrayList<>();
    int wanted = 0;
    int asked = 0;
    for (ClusterReplicas share : clusters) {
      int here = byMembers ? share.running() : orZero(share.replicas());
      replicas += here;
      wanted += share.wanted();
      if (share.wanted() > 0) {
        // A cluster a move is filling has not reported yet: it starts with what it is placed.
        asked += share.memberReplicas() != null ? share.memberReplicas() : share.wanted();
      }
      updated += Math.min(here, orZero(share.updatedReplicas()));
      ready += Math.min(here, orZero(share.readyReplicas()));
      available += Math.min(here, orZero(share.availableReplicas()));
      if (share.message() != null
          && (ClusterReplicas.DEGRADED.equals(share.health())
              || ClusterReplicas.UNKNOWN.equals(share.health()))) {
        trouble.add(share.name() + ": " + share.message());
      }
    }
    if (byMembers) {
      desired = asked;
      // What is placed is the starting count only: nothing is "not placed".
      wanted = desired;
    }
    boolean allReady = desired > 0 && ready >= desired;
    StringBuilder message = new StringBuilder();
    message.append(Math.min(ready, desired)).append('/').append(desired).append(" replicas ready");
    if (ready > desired && desired > 0) {
      message.append(" (").append(ready - desired).append(" more on clusters a move is emptying)");
    } else if (ready < desired && wanted < desired) {
      message.append(" (").append(desired - wanted).append(" not placed)");
    }
    for (int i = 0; i < trouble.size() && i < NAMED; i++) {
      message.append("; ").append(trouble.get(i));
    }
    if (trouble.size() > NAMED) {
      message.append("; and ").append(trouble.size() - NAMED).append(" more clusters");
    }
    return new WorkloadStatus(
        observedGeneration,
        Conditions.set(
            conditions,
            "Ready",
            allReady ? "True" : "False",
            allReady ? "Ready" : "NotReady",
            message.toString(),
            generation,
            now),
        clusters,
        desired,
        replicas,
        updated,
        ready,
        available);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
