package io.ubernetes.federation.override;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What one member cluster gets of a workload now, as the federation renders it for the cluster's
 * agent: the answer of a workload's {@code render} subresource.
 *
 * @param metadata the workload's name and namespace
 * @param cluster the member cluster
 * @param workloadRevision the revision the workload's rollout assigns the cluster
 * @param placed whether the workload is placed on the cluster; if not, the manifests are what it
 *     would get, with 0 replicas
 * @param replicas the cluster's share of the replicas
 * @param appliedOverrides the override rules that changed the manifests, in the order they applied
 * @param items the manifests, in the order the agent applies them; Secrets' values redacted
 * @param error why the cluster's overrides do not apply, when they do not: its work is then an
 *     error
 */
@Schema(name = "RenderedWork")
public record RenderedWork(
    @Schema(example = ApiObject.API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    String cluster,
    Integer workloadRevision,
    boolean placed,
    int replicas,
    List<AppliedOverride> appliedOverrides,
    List<JsonNode> items,
    String error) {
  public static final String KIND = "RenderedWork";

  public RenderedWork {
    appliedOverrides = appliedOverrides == null ? List.of() : List.copyOf(appliedOverrides);
    items = items == null ? List.of() : List.copyOf(items);
  }

  /**
   * An override rule that changed a cluster's manifests.
   *
   * @param source {@code ClusterOverridePolicy/<name>}, {@code OverridePolicy/<namespace>/<name>},
   *     or {@code spec.overrides} for the workload's own inline overrides
   * @param rule the rule's index in its source
   */
  public record AppliedOverride(String source, int rule) {}
}
