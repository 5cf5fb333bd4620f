package io.ubernetes.placement.rollout;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the service knows of one cluster the scheduler currently places the workload in: its labels
 * (for stages) and its agent's last report (for health). Health is judged from the member's own
 * report only, never guessed.
 *
 * @param cluster the cluster's name
 * @param labels the cluster's labels
 * @param reachable whether its agent reports (an unreachable cluster neither passes nor fails)
 * @param leaving whether its replicas are moving away (failed or drained)
 * @param reportedRevision the workload revision the agent last applied (or tried to); null if none
 * @param applied whether every object of that revision was applied
 * @param replicas desired replicas, as the member reports them
 * @param updated replicas on the current template
 * @param available replicas available (ready for the member's {@code minReadySeconds})
 * @param issues pod issues the agent tallied
 * @param restarts the containers' restart count summed over the workload's pods; null if unknown
 * @param errors apply errors of the reported revision
 */
public record ClusterObservation(
    String cluster,
    Map<String, String> labels,
    boolean reachable,
    boolean leaving,
    Integer reportedRevision,
    boolean applied,
    int replicas,
    int updated,
    int available,
    List<Issue> issues,
    Integer restarts,
    List<String> errors) {
  public ClusterObservation {
    Objects.requireNonNull(cluster, "cluster");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    issues = issues == null ? List.of() : List.copyOf(issues);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /**
   * One kind of trouble the member's pods are in, or one object the member reports Degraded.
   *
   * @param reason e.g. {@code CrashLoopBackOff}, {@code ImagePullBackOff}, {@code Unschedulable},
   *     or {@code ObjectDegraded} for an object of the workload that its kind's health rule finds
   *     Degraded
   * @param message the member's message for it
   * @param pods how many pods are in it; 0 for an object
   */
  public record Issue(String reason, String message, int pods) {
    public Issue {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
