package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.WireLabels;
import java.util.Objects;
import java.util.Optional;

/** A federated workload, by namespace and name. */
public record WorkloadKey(String namespace, String name) {
  public WorkloadKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The value of {@link WireLabels#WORKLOAD}: {@code <namespace>.<name>}. */
  public String label() {
    return namespace + "." + name;
  }

  /** Namespaces have no dots, so the first dot separates namespace and name. */
  public static Optional<WorkloadKey> fromLabel(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int dot = value.indexOf('.');
    if (dot <= 0 || dot == value.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new WorkloadKey(value.substring(0, dot), value.substring(dot + 1)));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
