package io.ubernetes.federation.rolloutstrategy;

import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.RolloutStrategySpec;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Looks up rollout strategies by name, for the rollouts of workloads that refer to one. */
@Component
public class RolloutStrategies {
  private final ResourceReader reader;
  private final RolloutStrategyStrategy strategy;

  RolloutStrategies(ResourceReader reader, RolloutStrategyStrategy strategy) {
    this.reader = reader;
    this.strategy = strategy;
  }

  /**
   * The spec of the strategy with this name, as stored (validated, {@code strategyRef} absent), or
   * empty when there is none. Read in the caller's transaction when there is one.
   */
  public Optional<RolloutStrategySpec> find(String name) {
    RolloutStrategy found = reader.getNamed(strategy, null, Set.of(name)).get(name);
    return Optional.ofNullable(found).map(RolloutStrategy::spec);
  }
}
