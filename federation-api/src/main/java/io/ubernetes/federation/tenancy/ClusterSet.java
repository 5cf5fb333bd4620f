package io.ubernetes.federation.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.ObjectMeta;
import java.util.List;

/**
 * A named group of member clusters, chosen by their labels (cluster-scoped). Namespaces use a set's
 * clusters once a {@link ClusterSetBinding} in the namespace binds it; a workload lands only on
 * clusters of the sets bound to its namespace.
 */
@Schema(name = "ClusterSet")
public record ClusterSet(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ClusterSetSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) ClusterSetStatus status)
    implements ApiObject<ClusterSet.ClusterSetSpec, ClusterSet.ClusterSetStatus> {
  public static final String KIND = "ClusterSet";

  /**
   * @param clusterSelector the member clusters in the set, by their labels (the topology labels
   *     {@code topology.kubernetes.io/region} and {@code /zone}, {@code ubernetes.io/tier}, {@code
   *     ubernetes.io/provider}, and the cluster's own); an empty selector selects every cluster
   */
  public record ClusterSetSpec(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ClusterSelector clusterSelector) {}

  /**
   * @param clusters the names of the member clusters in the set now, sorted
   * @param clusterCount how many they are
   * @param conditions {@code Selected}: True while the set holds at least one cluster
   */
  public record ClusterSetStatus(
      List<String> clusters, Integer clusterCount, List<Condition> conditions) {
    public ClusterSetStatus {
      clusters = clusters == null ? List.of() : List.copyOf(clusters);
      conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
  }
}
