package io.ubernetes.federation.workload;

import java.util.Set;

/**
 * What a workload's replica counts count in each cluster, by what the workload is: pods the
 * federation places, pods the members' autoscalers run, or, for a template without pods of its own,
 * the cluster's copy of its objects.
 */
public enum ReplicaCounting {
  /** The pods of the cluster's share, as the cluster's workload object counts them. */
  PLACED,

  /**
   * The pods the cluster's autoscaler runs ({@code spec.autoscaling.mode: Member}): each cluster's
   * counts are out of what it reports it runs, not out of its share.
   */
  BY_MEMBERS,

  /**
   * A template whose kind keeps no count of ready pods (a CustomResourceDefinition, a ClusterRole,
   * a ConfigMap, a custom resource, a Job): the cluster's whole share is ready once the cluster has
   * applied it and none of its objects is Degraded or still Progressing, and updated once it
   * applied the revision being rolled out.
   */
  BY_OBJECTS;

  /** The kinds whose objects count their ready pods, which the agents report as replicas. */
  private static final Set<String> WITH_PODS =
      Set.of("Deployment", "StatefulSet", "ReplicaSet", "DaemonSet");

  /** How the replicas of a workload with this spec are counted. */
  public static ReplicaCounting of(WorkloadSpec spec) {
    if (spec == null) {
      return PLACED;
    }
    if (spec.replicasByMembers()) {
      return BY_MEMBERS;
    }
    String kind = spec.template() == null ? "" : spec.template().path("kind").asString("");
    return WITH_PODS.contains(kind) ? PLACED : BY_OBJECTS;
  }
}
