package io.ubernetes.agent.protocol;

/**
 * The labels and the annotation the federation puts on every object of a {@link WorkItem}'s
 * manifests, and the agent reads back in its cluster: they are how the agent tells the objects it
 * manages from everything else there, and it deletes nothing without them.
 */
public final class WireLabels {
  /** The label that marks an object, and the pods of a workload object, as the federation's. */
  public static final String MANAGED_BY = "ubernetes.io/managed-by";

  /** The value of {@link #MANAGED_BY}. */
  public static final String MANAGER = "ubernetes";

  /**
   * The label that names the federated workload an object belongs to: {@code <namespace>.<name>}
   * for a namespaced workload, {@code cluster_<name>} for a cluster-scoped one (see {@link
   * #workload}).
   */
  public static final String WORKLOAD = "ubernetes.io/workload";

  /**
   * How the {@link #WORKLOAD} label value of a cluster-scoped workload begins. Namespace names hold
   * no underscore, so no {@code <namespace>.<name>} value can begin with it.
   */
  public static final String CLUSTER_WORKLOAD_PREFIX = "cluster_";

  /** The annotation that holds the workload generation the object was rendered from. */
  public static final String GENERATION = "ubernetes.io/generation";

  /** The annotation that holds the workload revision the object was rendered from. */
  public static final String REVISION = "ubernetes.io/revision";

  private WireLabels() {}

  /**
   * The {@link #WORKLOAD} label value of a workload: {@code <namespace>.<name>}, or {@code
   * cluster_<name>} when {@code namespace} is empty or null (a cluster-scoped workload).
   */
  public static String workload(String namespace, String name) {
    return namespace == null || namespace.isEmpty()
        ? CLUSTER_WORKLOAD_PREFIX + name
        : namespace + "." + name;
  }
}
