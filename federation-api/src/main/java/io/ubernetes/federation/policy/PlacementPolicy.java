package io.ubernetes.federation.policy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * A named, reusable placement (cluster-scoped), e.g. a cloudbursting policy that many workloads
 * refer to with {@code spec.placement.policyRef}. A policy still referred to cannot be deleted.
 */
@Schema(name = "PlacementPolicy")
public record PlacementPolicy(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Placement spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) PlacementPolicyStatus status)
    implements ApiObject<Placement, PlacementPolicy.PlacementPolicyStatus> {
  public static final String KIND = "PlacementPolicy";

  /** A policy has no observed state of its own yet; the field exists for API symmetry. */
  public record PlacementPolicyStatus() {}
}
