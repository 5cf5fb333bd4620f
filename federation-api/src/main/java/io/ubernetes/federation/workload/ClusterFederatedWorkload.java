package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * A set of Kubernetes objects run across member clusters that may be cluster-scoped
 * (CustomResourceDefinitions, Namespaces, RBAC, PriorityClasses...), with namespaced objects that
 * name their namespace (cluster-scoped). Its spec and status are a {@link FederatedWorkload}'s; the
 * federation places, renders, rolls out and removes both the same way.
 */
@Schema(name = "ClusterFederatedWorkload")
public record ClusterFederatedWorkload(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) WorkloadSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) WorkloadStatus status)
    implements ApiObject<WorkloadSpec, WorkloadStatus> {
  public static final String KIND = "ClusterFederatedWorkload";

  /** The workload as the federation's placement, rollout and work code sees every workload. */
  public FederatedWorkload asWorkload() {
    return new FederatedWorkload(API_VERSION, KIND, metadata, spec, status);
  }
}
