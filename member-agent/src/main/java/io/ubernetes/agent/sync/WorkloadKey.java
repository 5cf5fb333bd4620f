package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.WireLabels;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A federated workload, by namespace and name; a cluster-scoped workload has the empty namespace.
 */
public record WorkloadKey(String namespace, String name) {
  /**
   * The order workloads are reconciled in when many are: cluster-scoped ones first, as they bring
   * the definitions and namespaces that namespaced ones need.
   */
  public static final Comparator<WorkloadKey> APPLY_ORDER =
      Comparator.comparing((WorkloadKey key) -> !key.clusterScoped())
          .thenComparing(WorkloadKey::namespace)
          .thenComparing(WorkloadKey::name);

  public WorkloadKey {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  /** Whether this is a cluster-scoped workload (a ClusterFederatedWorkload). */
  public boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /**
   * The value of {@link WireLabels#WORKLOAD}: {@code <namespace>.<name>} or {@code cluster_<name>}.
   */
  public String label() {
    return WireLabels.workload(namespace, name);
  }

  /**
   * Namespaces have no dots, so the first dot separates namespace and name; nor underscores, so a
   * value that begins with {@code cluster_} names a cluster-scoped workload.
   */
  public static Optional<WorkloadKey> fromLabel(String value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.startsWith(WireLabels.CLUSTER_WORKLOAD_PREFIX)) {
      String name = value.substring(WireLabels.CLUSTER_WORKLOAD_PREFIX.length());
      return name.isEmpty() ? Optional.empty() : Optional.of(new WorkloadKey("", name));
    }
    int dot = value.indexOf('.');
    if (dot <= 0 || dot == value.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new WorkloadKey(value.substring(0, dot), value.substring(dot + 1)));
  }

  @Override
  public String toString() {
    return clusterScoped() ? name : namespace + "/" + name;
  }
}
