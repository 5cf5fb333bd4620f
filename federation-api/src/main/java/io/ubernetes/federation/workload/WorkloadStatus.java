package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.federation.resource.Condition;
import java.util.List;

/**
 * Where a workload runs and how it is doing. The counts are those of a Deployment's status, summed
 * over the member clusters; only clusters that are reachable vouch for replicas.
 *
 * @param observedGeneration the spec generation this status describes
 * @param conditions {@code Scheduled}, {@code Spread} (when the placement asks for one), {@code
 *     Moving}, {@code Applied}, {@code Ready}, {@code ObjectsHealthy} once clusters report their
 *     objects, and once a rollout ran {@code RolloutProgressing} and {@code RolloutHalted}
 * @param clusters each cluster's share and how it is doing there
 * @param desiredReplicas the replicas the workload asks for: {@code spec.replicas}, times the
 *     clusters it runs in when duplicated. With {@code spec.autoscaling.mode: Member}, what the
 *     members' autoscalers ask for: the sum of each placed cluster's {@code memberReplicas} (its
 *     share where it has not reported one)
 * @param replicas the replicas the member clusters are told to run; more than desired while a move
 *     starts new replicas before it removes old ones. With {@code spec.autoscaling.mode: Member},
 *     the sum of what they run: each cluster's {@code memberReplicas}, or its share where it has
 *     not reported one
 * @param updatedReplicas replicas that run the revision being rolled out (the target revision);
 *     before the first rollout, those that run the workload's current generation
 * @param readyReplicas replicas ready, as reachable clusters report them; for a template without
 *     pods, the shares of clusters that applied it with none of its objects Degraded or Progressing
 *     (see {@link ReplicaCounting})
 * @param availableReplicas replicas ready for at least their {@code minReadySeconds}, as reachable
 *     clusters report them
 * @param rollout how the newest workload revision is being rolled out; absent until the first pass
 *     that looked at it
 */
public record WorkloadStatus(
    Long observedGeneration,
    List<Condition> conditions,
    List<ClusterReplicas> clusters,
    Integer desiredReplicas,
    Integer replicas,
    Integer updatedReplicas,
    Integer readyReplicas,
    Integer availableReplicas,
    RolloutStatus rollout) {

  public WorkloadStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /** A status without a rollout. */
  public WorkloadStatus(
      Long observedGeneration,
      List<Condition> conditions,
      List<ClusterReplicas> clusters,
      Integer desiredReplicas,
      Integer replicas,
      Integer updatedReplicas,
      Integer readyReplicas,
      Integer availableReplicas) {
    this(
        observedGeneration,
        conditions,
        clusters,
        desiredReplicas,
        replicas,
        updatedReplicas,
        readyReplicas,
        availableReplicas,
        null);
  }

  /** The status of a workload not placed yet. */
  public static final WorkloadStatus NONE =
      new WorkloadStatus(null, null, null, null, null, null, null, null);

  /** The same status with another rollout and conditions. */
  public WorkloadStatus withRollout(List<Condition> newConditions, RolloutStatus newRollout) {
    return new WorkloadStatus(
        observedGeneration,
        newConditions,
        clusters,
        desiredReplicas,
        replicas,
        updatedReplicas,
        readyReplicas,
        availableReplicas,
        newRollout);
  }

  /** The share of one cluster, by name; null if the workload has none there. */
  public ClusterReplicas cluster(String name) {
    for (ClusterReplicas share : clusters) {
      if (share.name().equals(name)) {
        return share;
      }
    }
    return null;
  }

  /**
   * A workload's share of one member cluster and how it is doing there.
   *
   * @param replicas what the cluster is told to run now
   * @param targetReplicas while replicas move, what it is to run once the move completes; absent
   *     when it is {@code replicas}
   * @param updatedReplicas replicas there that run the workload's current generation
   * @param readyReplicas replicas ready there; absent while the cluster is unreachable, when
   *     nothing it reported can be counted on
   * @param availableReplicas replicas there ready for their {@code minReadySeconds}; absent while
   *     the cluster is unreachable
   * @param health {@value #HEALTHY} (every replica there ready), {@value #PROGRESSING} (on its
   *     way), {@value #DEGRADED} (pods that cannot start or keep failing, or manifests that could
   *     not be applied: see {@code message}) or {@value #UNKNOWN} (the cluster is unreachable)
   * @param message what the cluster says is wrong, in its own words, e.g. {@code 2 pods Pending:
   *     0/4 nodes are available: 4 Insufficient cpu.}; absent when all is well
   * @param memberReplicas with {@code spec.autoscaling.mode: Member}, the replicas the cluster's
   *     own autoscaler has it run, as it last reported them ({@code replicas} is then the count the
   *     federation placed there and started it with); absent in other modes, before the cluster
   *     reports and while it is unreachable. The ready, updated and available counts are out of
   *     these
   * @param objects how each object of the workload is doing there, by the agent's built-in rule of
   *     its kind or an operator's {@code HealthRule}, with the status fields {@code
   *     spec.statusFeedback} asks for; as last reported, also while the cluster is unreachable
   * @param podIssues the pods there that do not run as they should, by the member's own reason
   *     ({@code Unschedulable}, {@code ImagePullBackOff}, {@code CrashLoopBackOff}, ...) with how
   *     many, its message and since when: what {@code message} says, for scripts and tools. Empty
   *     while the cluster is unreachable
   */
  public record ClusterReplicas(
      String name,
      Integer replicas,
      Integer targetReplicas,
      Integer updatedReplicas,
      Integer readyReplicas,
      Integer availableReplicas,
      String health,
      String message,
      Integer memberReplicas,
      List<ObjectStatus> objects,
      List<PodIssue> podIssues) {
    public static final String HEALTHY = "Healthy";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String UNKNOWN = "Unknown";

    public ClusterReplicas {
      objects = objects == null ? List.of() : List.copyOf(objects);
      podIssues = podIssues == null ? List.of() : List.copyOf(podIssues);
    }

    /** A share whose replicas the federation sets, without objects. */
    public ClusterReplicas(
        String name,
        Integer replicas,
        Integer targetReplicas,
        Integer updatedReplicas,
        Integer readyReplicas,
        Integer availableReplicas,
        String health,
        String message) {
      this(
          name,
          replicas,
          targetReplicas,
          updatedReplicas,
          readyReplicas,
          availableReplicas,
          health,
          message,
          null,
          null,
          null);
    }

    /** What the cluster runs: its autoscaler's count when it reported one, else its share. */
    public int running() {
      return memberReplicas != null ? memberReplicas : replicas == null ? 0 : replicas;
    }

    /** A share the cluster has not reported on yet. */
    public static ClusterReplicas placed(String name, int replicas, Integer targetReplicas) {
      return new ClusterReplicas(
          name, replicas, targetReplicas, 0, 0, 0, replicas == 0 ? HEALTHY : PROGRESSING, null);
    }

    /** What the cluster is to run once any move completes. */
    public int wanted() {
      return targetReplicas != null ? targetReplicas : replicas == null ? 0 : replicas;
    }

    /** The same share with the cluster told to run other numbers of replicas. */
    public ClusterReplicas withReplicas(int newReplicas, Integer newTarget) {
      return new ClusterReplicas(
          name,
          newReplicas,
          newTarget,
          cap(updatedReplicas, newReplicas),
          cap(readyReplicas, newReplicas),
          cap(availableReplicas, newReplicas),
          health,
          message,
          memberReplicas,
          objects,
          podIssues);
    }

    private static Integer cap(Integer count, int replicas) {
      return count == null ? null : Math.min(count, replicas);
    }
  }
}
