package io.ubernetes.placement.rollout;

import io.ubernetes.placement.LabelSelector;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A resolved strategy: the stages a revision goes through, in order, and what a failure does. The
 * service resolves a workload's inline strategy or the {@code RolloutStrategy} it names into one,
 * once per rollout, so that a running rollout keeps the strategy it started with.
 *
 * <p>Clusters no stage selects form an implicit last stage, {@code rest} (see {@link Stages}).
 */
public record RolloutPlan(List<Stage> stages, OnFailure onFailure) {
  /** Today's behaviour: one stage "all", every cluster at once, no gates, never halts. */
  public static final RolloutPlan ALL_AT_ONCE =
      new RolloutPlan(
          List.of(
              new Stage(
                  "all",
                  LabelSelector.ALL,
                  null,
                  Stage.ALL,
                  Integer.MAX_VALUE,
                  null,
                  false,
                  null,
                  false)),
          OnFailure.PAUSE);

  public RolloutPlan {
    stages = stages == null ? List.of() : List.copyOf(stages);
    onFailure = onFailure == null ? OnFailure.ROLLBACK : onFailure;
    Set<String> names = new HashSet<>();
    for (Stage stage : stages) {
      Objects.requireNonNull(stage, "stage");
      if (!names.add(stage.name())) {
        throw new IllegalArgumentException("stage " + stage.name() + " appears twice");
      }
    }
  }
}
