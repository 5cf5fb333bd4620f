package io.ubernetes.federation.override;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * Reusable per-cluster changes to the workloads of one namespace: rules applied, in order, to what
 * each selected cluster gets of each selected workload. Applied after every ClusterOverridePolicy,
 * by name, and before the workload's inline overrides. A change to a policy reaches the clusters as
 * a new revision of each workload it selects, through the workload's rollout.
 */
@Schema(name = "OverridePolicy")
public record OverridePolicy(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OverridePolicySpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) OverridePolicyStatus status)
    implements ApiObject<OverridePolicySpec, OverridePolicy.OverridePolicyStatus> {
  public static final String KIND = "OverridePolicy";

  /** A policy has no observed state of its own; the field exists for API symmetry. */
  public record OverridePolicyStatus() {}
}
