package io.ubernetes.federation.events;

import java.util.Objects;
import java.util.UUID;

/**
 * Something the federation did to a workload, to be recorded as a Kubernetes Event about it.
 *
 * @param kind {@code FederatedWorkload} or {@code ClusterFederatedWorkload}
 * @param namespace the workload's namespace; empty for a cluster-scoped one
 * @param warning whether the event is a {@code Warning} (a {@code Normal} one otherwise)
 * @param reason a short CamelCase word, e.g. {@code FailedOver}
 * @param component what did it, e.g. {@code ubernetes-scheduler}
 */
public record WorkloadEvent(
    String kind,
    String namespace,
    String name,
    UUID uid,
    boolean warning,
    String reason,
    String message,
    String component) {

  /** The scheduler's component name, as {@code source.component}. */
  public static final String SCHEDULER = "ubernetes-scheduler";

  /** The rollout step's component name. */
  public static final String ROLLOUT = "ubernetes-rollout";

  public WorkloadEvent {
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(component, "component");
  }
}
