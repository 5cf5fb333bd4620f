package io.ubernetes.federation.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.ObjectMeta;
import java.util.List;

/**
 * Lets the workloads of its namespace use the clusters of one {@link ClusterSet} (namespaced). Its
 * name is the set's name: one binding per set and namespace. Writing one needs the admin role, or
 * an operator of the namespace granted that set.
 */
@Schema(name = "ClusterSetBinding")
public record ClusterSetBinding(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ClusterSetBindingSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) ClusterSetBindingStatus status)
    implements ApiObject<
        ClusterSetBinding.ClusterSetBindingSpec, ClusterSetBinding.ClusterSetBindingStatus> {
  public static final String KIND = "ClusterSetBinding";

  /**
   * @param clusterSet the set's name; must equal the binding's own name
   */
  public record ClusterSetBindingSpec(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String clusterSet) {}

  /**
   * @param conditions {@code Bound}: True while the set exists, False with reason {@code
   *     ClusterSetNotFound} otherwise
   */
  public record ClusterSetBindingStatus(List<Condition> conditions) {
    public ClusterSetBindingStatus {
      conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
  }
}
