package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.Warnings;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks {@code spec.autoscaling}: the mode is one the federation knows, and the members'
 * autoscalers can own the replicas only of a template that has them. A workload that carries no
 * HorizontalPodAutoscaler for its template is accepted with a warning: the members may have their
 * own.
 */
final class AutoscalingValidator {
  /** Kinds whose {@code spec.replicas} an autoscaler scales. */
  static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");

  private static final String MODE = "spec.autoscaling.mode";

  private AutoscalingValidator() {}

  /**
   * @param workloadName the workload's name, which a template without one takes
   */
  static void validate(
      Autoscaling autoscaling,
      JsonNode template,
      List<JsonNode> resources,
      String workloadName,
      FieldErrors errors) {
    if (autoscaling == null) {
      return;
    }
    if (autoscaling.mode() == null) {
      errors.required(MODE);
      return;
    }
    if (!autoscaling.byMembers()) {
      errors.add(
          MODE,
          "unsupported value \""
              + autoscaling.mode()
              + "\": supported values: \""
              + Autoscaling.MEMBER
              + "\"");
      return;
    }
    if (template == null || !template.isObject()) {
      return;
    }
    String kind = template.path("kind").asString("");
    if (!SCALABLE.contains(kind)) {
      errors.add(
          MODE,
          "Member needs a template with spec.replicas (Deployment, StatefulSet or ReplicaSet);"
              + " a "
              + (kind.isEmpty() ? "template without a kind" : kind)
              + " has none to hand to an autoscaler");
      return;
    }
    String name = template.path("metadata").path("name").asString("");
    if (name.isEmpty()) {
      name = workloadName;
    }
    if (name != null && !targeted(resources, kind, name)) {
      Warnings.add(
          MODE
              + " is Member but no HorizontalPodAutoscaler in spec.resources targets "
              + kind
              + " \""
              + name
              + "\": each member must scale it with an autoscaler of its own, or it keeps the"
              + " replicas it starts with");
    }
  }

  /** Whether a HorizontalPodAutoscaler among the resources scales the template. */
  private static boolean targeted(List<JsonNode> resources, String kind, String name) {
    return resources.stream().anyMatch(resource -> Autoscaling.scales(resource, kind, name));
  }
}
