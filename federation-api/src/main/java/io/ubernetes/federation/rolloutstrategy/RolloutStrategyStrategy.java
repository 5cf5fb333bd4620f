package io.ubernetes.federation.rolloutstrategy;

import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategy.RolloutStrategyStatus;
import io.ubernetes.federation.workload.RolloutStrategySpec;
import io.ubernetes.federation.workload.RolloutStrategyValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation of {@link RolloutStrategy}s: the same rules as a workload's inline stages. */
@Component
@Order(30)
public class RolloutStrategyStrategy
    extends RecordKindStrategy<RolloutStrategy, RolloutStrategySpec, RolloutStrategyStatus> {
  private static final ApiKind API =
      ApiKind.of("rolloutstrategies", "rolloutstrategy", "ros").writtenByUnconfinedOperators();

  public RolloutStrategyStrategy() {
    super(
        RolloutStrategy.KIND,
        API,
        CLUSTER_SCOPED,
        RolloutStrategy.class,
        RolloutStrategySpec.class,
        RolloutStrategyStatus.class,
        RolloutStrategy::new);
  }

  @Override
  public RolloutStrategySpec admit(
      ObjectMeta metadata, RolloutStrategySpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    RolloutStrategyValidator.validate(spec, "spec", false, errors);
    return spec;
  }

  @Override
  public RolloutStrategyStatus initialStatus(RolloutStrategySpec spec, Instant now) {
    return new RolloutStrategyStatus();
  }

  @Override
  public Map<String, List<String>> listMapKeys() {
    return Map.of("spec.stages", List.of("name"));
  }
}
