package io.ubernetes.placement.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.Rollout.Bound;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StagesTest {
  private static final Stage CANARY =
      Stage.of("canary", new LabelSelector(Map.of("ring", "canary"), List.of()));
  private static final Stage EU =
      Stage.of("eu", new LabelSelector(Map.of("region", "eu"), List.of()));

  private static Map<String, Map<String, String>> fleet() {
    Map<String, Map<String, String>> labels = new TreeMap<>();
    labels.put("fra", Map.of("ring", "canary", "region", "eu"));
    labels.put("dub", Map.of("region", "eu"));
    labels.put("ams", Map.of("region", "eu"));
    labels.put("nyc", Map.of("region", "us"));
    return labels;
  }

  @Test
  void aClusterBelongsToTheFirstStageThatSelectsIt() {
    RolloutPlan plan = new RolloutPlan(List.of(CANARY, EU), OnFailure.ROLLBACK);

    assertThat(Stages.partition(plan, fleet()))
        .containsExactly(List.of("fra"), List.of("ams", "dub"), List.of("nyc"));
  }

  @Test
  void clustersNoStageSelectsFormTheRestStageOnlyWhenThereAreAny() {
    RolloutPlan plan =
        new RolloutPlan(List.of(CANARY, Stage.of("all", LabelSelector.ALL)), OnFailure.ROLLBACK);

    assertThat(Stages.partition(plan, fleet()))
        .containsExactly(List.of("fra"), List.of("ams", "dub", "nyc"));
    assertThat(Stages.name(plan, 2)).isEqualTo(Stages.REST);
    assertThat(Stages.stage(plan, 2)).isEqualTo(Stages.rest());
  }

  @Test
  void aStageThatSelectsNoClusterIsKeptEmptySoThatIndexesMatchThePlan() {
    Stage mars = Stage.of("mars", new LabelSelector(Map.of("region", "mars"), List.of()));
    RolloutPlan plan = new RolloutPlan(List.of(mars, CANARY), OnFailure.ROLLBACK);

    assertThat(Stages.partition(plan, fleet()))
        .containsExactly(List.of(), List.of("fra"), List.of("ams", "dub", "nyc"));
  }

  @Test
  void clustersInsideAStageGoByTheOrderByLabelThenByNameWithUnlabelledOnesLast() {
    Stage byZone = new Stage("all", LabelSelector.ALL, "zone", null, 0, null, false, null, false);
    Map<String, Map<String, String>> labels = new TreeMap<>();
    labels.put("a-no-zone", Map.of());
    labels.put("b-zone-2", Map.of("zone", "2"));
    labels.put("c-zone-1", Map.of("zone", "1"));
    labels.put("d-zone-1", Map.of("zone", "1"));

    assertThat(Stages.partition(new RolloutPlan(List.of(byZone), null), labels))
        .containsExactly(List.of("c-zone-1", "d-zone-1", "b-zone-2", "a-no-zone"));
  }

  @Test
  void allAtOnceIsOneStageOfEveryCluster() {
    assertThat(Stages.partition(RolloutPlan.ALL_AT_ONCE, fleet()))
        .containsExactly(List.of("ams", "dub", "fra", "nyc"));
    Stage all = RolloutPlan.ALL_AT_ONCE.stages().getFirst();
    assertThat(all.concurrency(4)).isEqualTo(4);
    assertThat(all.approval()).isFalse();
    assertThat(all.minReadyTime()).isZero();
    assertThat(all.maxFailures()).isEqualTo(Integer.MAX_VALUE);
  }

  // spotless:off
  static Stream<Arguments> concurrency() {
    return Stream.of(
        argumentSet("default 100% of 4", null, 4, 4),
        argumentSet("50% of 3 rounds up to 2", Bound.percent(50), 3, 2),
        argumentSet("10% of 4 is at least 1", Bound.percent(10), 4, 1),
        argumentSet("33% of 10 rounds up to 4", Bound.percent(33), 10, 4),
        argumentSet("0% still lets one through", Bound.percent(0), 10, 1),
        argumentSet("100% of an empty stage is 1", Bound.percent(100), 0, 1),
        argumentSet("a number", Bound.replicas(2), 5, 2),
        argumentSet("a number beyond the stage", Bound.replicas(7), 3, 7));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource
  void concurrency(Bound maxConcurrency, int clusters, int expected) {
    Stage stage =
        new Stage("s", LabelSelector.ALL, null, maxConcurrency, 0, null, false, null, false);

    assertThat(stage.concurrency(clusters)).isEqualTo(expected);
  }

  @Test
  void stagesTakeTheDocumentedDefaults() {
    Stage stage = new Stage("s", null, null, null, 0, null, false, null, false);

    assertThat(stage.selector()).isEqualTo(LabelSelector.ALL);
    assertThat(stage.maxConcurrency()).isEqualTo(Bound.percent(100));
    assertThat(stage.progressDeadline()).isEqualTo(Stage.DEFAULT_PROGRESS_DEADLINE);
    assertThat(new RolloutPlan(List.of(stage), null).onFailure()).isEqualTo(OnFailure.ROLLBACK);
  }

  @Test
  void refusesTwoStagesOfTheSameName() {
    assertThatThrownBy(() -> new RolloutPlan(List.of(CANARY, CANARY), OnFailure.PAUSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canary");
  }
}
