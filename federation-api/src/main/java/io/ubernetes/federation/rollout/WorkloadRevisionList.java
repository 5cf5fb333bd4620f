package io.ubernetes.federation.rollout;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.SecretRedaction;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kept revisions of a workload, newest first, as its {@code revisions} subresource answers
 * them.
 *
 * @param metadata the workload's name, namespace, uid and generation
 */
@Schema(name = "WorkloadRevisionList")
public record WorkloadRevisionList(
    String apiVersion, String kind, ObjectMeta metadata, List<Item> items) {
  public static final String KIND = "WorkloadRevisionList";

  public WorkloadRevisionList {
    items = List.copyOf(items);
  }

  /**
   * One revision.
   *
   * @param revision its number: 1, 2, 3 ... per workload
   * @param createdAt when it was made, RFC 3339
   * @param generation the workload's generation that made it
   * @param changes what changed against the previous revision, one line each
   * @param healthyEverywhereAt when it was first healthy on every cluster it was rolled to; absent
   *     until then
   * @param content what it propagates: {@code {template, resources, overrides}}, every value of a
   *     Secret redacted
   */
  public record Item(
      int revision,
      String createdAt,
      long generation,
      List<String> changes,
      String healthyEverywhereAt,
      JsonNode content) {}

  static WorkloadRevisionList of(ObjectMeta workload, List<WorkloadRevision> revisions) {
    List<Item> items = new ArrayList<>();
    for (WorkloadRevision revision : revisions) {
      items.add(
          new Item(
              revision.revision(),
              revision.createdAt().toString(),
              revision.generation(),
              revision.changes(),
              revision.healthyEverywhereAt() == null
                  ? null
                  : revision.healthyEverywhereAt().toString(),
              redacted(revision.content())));
    }
    ObjectMeta metadata =
        new ObjectMeta(
            workload.name(),
            workload.namespace(),
            null,
            null,
            workload.uid(),
            null,
            workload.generation(),
            null);
    return new WorkloadRevisionList(ApiObject.API_VERSION, KIND, metadata, items);
  }

  private static JsonNode redacted(JsonNode content) {
    if (!(content.deepCopy() instanceof ObjectNode shown)) {
      return content;
    }
    List<JsonNode> resources = new ArrayList<>();
    content.path("resources").forEach(resources::add);
    ArrayNode redacted = JsonNodeFactory.instance.arrayNode();
    SecretRedaction.redacted(resources).forEach(redacted::add);
    shown.set("resources", redacted);
    if (content.has(RevisionSource.DEPENDENCIES)) {
      List<JsonNode> dependencies = new ArrayList<>();
      content.path(RevisionSource.DEPENDENCIES).forEach(dependencies::add);
      ArrayNode shownDependencies = JsonNodeFactory.instance.arrayNode();
      SecretRedaction.redacted(dependencies).forEach(shownDependencies::add);
      shown.set(RevisionSource.DEPENDENCIES, shownDependencies);
    }
    return shown;
  }
}
