package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Who decides the number of replicas in each member cluster.
 *
 * @param mode {@code Member}: an autoscaler in each member (a HorizontalPodAutoscaler among the
 *     workload's resources) owns the replicas there; the federation places the workload, sets each
 *     cluster's share as its starting count, and from then on never resets it, and the workload's
 *     status reports the members' counts
 */
public record Autoscaling(@Schema(allowableValues = {MEMBER}) String mode) {
  public static final String MEMBER = "Member";

  /** Whether the members' autoscalers own the replicas. */
  public boolean byMembers() {
    return MEMBER.equals(mode);
  }

  /**
   * The most replicas the HorizontalPodAutoscalers among {@code resources} that scale {@code
   * template} may give it: the largest {@code spec.maxReplicas} of those that target its kind and
   * name; 0 when none does (the members may have autoscalers of their own, which the federation
   * does not know).
   *
   * @param workloadName the workload's name, which a template without one takes
   */
  public static int maxReplicas(JsonNode template, List<JsonNode> resources, String workloadName) {
    if (template == null || !template.isObject()) {
      return 0;
    }
    String kind = template.path("kind").asString("");
    String name = template.path("metadata").path("name").asString("");
    if (name.isEmpty()) {
      name = workloadName;
    }
    int most = 0;
    for (JsonNode resource : resources) {
      if (scales(resource, kind, name)) {
        most = Math.max(most, resource.path("spec").path("maxReplicas").asInt(0));
      }
    }
    return most;
  }

  /**
   * Whether a resource is a HorizontalPodAutoscaler that scales the object of this kind and name.
   */
  static boolean scales(JsonNode resource, String kind, String name) {
    JsonNode target = resource.path("spec").path("scaleTargetRef");
    return "HorizontalPodAutoscaler".equals(resource.path("kind").asString(""))
        && resource.path("apiVersion").asString("").startsWith("autoscaling/")
        && kind.equals(target.path("kind").asString(""))
        && name != null
        && name.equals(target.path("name").asString(""));
  }
}
