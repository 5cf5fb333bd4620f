package io.ubernetes.placement;

import java.util.Comparator;
import java.util.Objects;

/** A workload's identity: its namespace and name. Batches place workloads in this order. */
public record WorkloadKey(String namespace, String name) implements Comparable<WorkloadKey> {
  private static final Comparator<WorkloadKey> ORDER =
      Comparator.comparing(WorkloadKey::namespace).thenComparing(WorkloadKey::name);

  public WorkloadKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The workload {@code name} in the same namespace, as couplings name their partner. */
  public WorkloadKey sibling(String name) {
    return new WorkloadKey(namespace, name);
  }

  @Override
  public int compareTo(WorkloadKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
