package io.ubernetes.agent.protocol;

import java.util.Map;

/**
 * How one object of a work item is doing in the agent's cluster, by the rule of its kind.
 *
 * @param health {@code Healthy}, {@code Progressing}, {@code Degraded} or {@code Unknown} by the
 *     agent's built-in rules (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Services,
 *     Ingresses, PersistentVolumeClaims, and any object's Ready or Available condition); null when
 *     no built-in rule knows the object, and the federation then judges it by its own rules on
 *     {@code feedback}
 * @param reason a short machine-readable reason, e.g. {@code BackoffLimitExceeded}; may be null
 * @param message what a person should know; may be null
 * @param feedback the values of the fields the work item's {@link FeedbackRule}s ask for, by their
 *     names; a field the object does not have is left out
 */
public record ObjectStatus(
    String apiVersion,
    String kind,
    String namespace,
    String name,
    String health,
    String reason,
    String message,
    Map<String, Object> feedback) {
  public static final String HEALTHY = "Healthy";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String UNKNOWN = "Unknown";

  public ObjectStatus {
    feedback = feedback == null ? Map.of() : Map.copyOf(feedback);
  }
}
