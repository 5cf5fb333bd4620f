package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/** A native Kubernetes workload that runs across member clusters (namespaced). */
@Schema(name = "FederatedWorkload")
public record FederatedWorkload(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) WorkloadSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) WorkloadStatus status)
    implements ApiObject<WorkloadSpec, WorkloadStatus> {
  public static final String KIND = "FederatedWorkload";

  /**
   * Whether objects of {@code kind} are workloads: FederatedWorkloads and
   * ClusterFederatedWorkloads, which are placed, rolled out and removed the same way.
   */
  public static boolean isWorkload(String kind) {
    return KIND.equals(kind) || ClusterFederatedWorkload.KIND.equals(kind);
  }

  /** Whether this is a ClusterFederatedWorkload, seen as every workload is. */
  public boolean clusterScoped() {
    return metadata == null || metadata.namespace() == null || metadata.namespace().isEmpty();
  }
}
