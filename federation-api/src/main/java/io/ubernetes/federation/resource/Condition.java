package io.ubernetes.federation.resource;

/**
 * One aspect of an object's state, shaped like Kubernetes' {@code metav1.Condition}.
 *
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param lastTransitionTime RFC 3339 time of the last change of {@code status}
 * @param observedGeneration the {@code metadata.generation} the condition was computed from
 */
public record Condition(
    String type,
    String status,
    String reason,
    String message,
    String lastTransitionTime,
    Long observedGeneration) {}
