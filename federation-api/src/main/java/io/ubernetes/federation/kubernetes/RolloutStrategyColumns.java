package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.rolloutstrategy.RolloutStrategy;
import io.ubernetes.federation.workload.RolloutStage;
import io.ubernetes.federation.workload.RolloutStrategySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The columns of rollout strategies: their stages in order and what a failed stage does. */
@Component
final class RolloutStrategyColumns extends KindColumns<RolloutStrategy> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(RolloutStrategy.KIND),
          TableColumn.text(
              "Stages", "The stages in order (spec.stages), then the implicit stage rest."),
          TableColumn.text("OnFailure", "What a failed stage does: Rollback or Pause."),
          TableColumn.age());

  RolloutStrategyColumns() {
    super(RolloutStrategy.KIND, RolloutStrategy.class, COLUMNS);
  }

  @Override
  List<Object> cells(RolloutStrategy strategy, Instant now) {
    RolloutStrategySpec spec = strategy.spec();
    return Arrays.asList(
        strategy.metadata().name(),
        spec == null || spec.stages().isEmpty()
            ? "<none>"
            : spec.stages().stream().map(RolloutStage::name).collect(Collectors.joining(",")),
        spec == null ? RolloutStrategySpec.ROLLBACK : spec.failurePolicy(),
        Age.since(strategy.metadata().creationTimestamp(), now));
  }
}
