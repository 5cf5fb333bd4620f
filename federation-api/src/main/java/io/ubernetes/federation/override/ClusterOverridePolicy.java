package io.ubernetes.federation.override;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * Reusable per-cluster changes to workloads of any namespace (cluster-scoped): rules applied, in
 * order, to what each selected cluster gets of each selected workload. ClusterOverridePolicies
 * apply first, by name, then the OverridePolicies of the workload's namespace, then the workload's
 * inline overrides.
 */
@Schema(name = "ClusterOverridePolicy")
public record ClusterOverridePolicy(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OverridePolicySpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) OverridePolicyStatus status)
    implements ApiObject<OverridePolicySpec, OverridePolicyStatus> {
  public static final String KIND = "ClusterOverridePolicy";
}
