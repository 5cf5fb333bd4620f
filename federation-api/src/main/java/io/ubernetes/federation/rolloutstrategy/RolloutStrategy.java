package io.ubernetes.federation.rolloutstrategy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.workload.RolloutStrategySpec;

/**
 * A named, reusable rollout strategy (cluster-scoped) that workloads refer to with {@code
 * spec.rolloutStrategy.strategyRef}. Its spec is a workload's inline strategy without {@code
 * strategyRef}. A strategy still referred to cannot be deleted; a running rollout keeps the
 * strategy it started with.
 */
@Schema(name = "RolloutStrategy")
public record RolloutStrategy(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) RolloutStrategySpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) RolloutStrategyStatus status)
    implements ApiObject<RolloutStrategySpec, RolloutStrategy.RolloutStrategyStatus> {
  public static final String KIND = RolloutStrategySpec.KIND;

  /** A strategy has no observed state of its own; the field exists for API symmetry. */
  public record RolloutStrategyStatus() {}
}
