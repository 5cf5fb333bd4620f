package io.ubernetes.federation.dependency;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * One native ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim kept by the federation
 * (namespaced), that workloads of its namespace refer to from their pod templates: it follows each
 * such workload to its clusters, and a change to it rolls out with the workload's next revision.
 * The object's name is the FederatedObject's, so a namespace holds at most one object of a name.
 */
@Schema(name = "FederatedObject")
public record FederatedObject(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FederatedObjectSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) FederatedObjectStatus status)
    implements ApiObject<FederatedObjectSpec, FederatedObject.FederatedObjectStatus> {
  public static final String KIND = "FederatedObject";

  /** An object in the store has no observed state of its own; the field exists for symmetry. */
  public record FederatedObjectStatus() {}
}
