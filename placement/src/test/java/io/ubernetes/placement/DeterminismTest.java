package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.ZONE;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Detail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same input gives the same decision, whatever the order of the clusters. */
class DeterminismTest {
  private static final List<Cluster> FLEET =
      List.of(
          cluster("fra").zone("z1").price(1.2).allocated(2000, 0, 4).build(),
          cluster("dub").zone("z2").price(1.0).build(),
          cluster("ams").zone("z1").price(1.0).allocated(1000, 0, 2).build(),
          cluster("iad").zone("z3").readiness(Readiness.FAILED).build());

  private static final Workload WEB =
      workload("web").replicas(9).spread(ZONE, 2).current("fra", 2).build();

  private static Decision place(Workload workload, List<Cluster> clusters, Detail detail) {
    return new PlacementEngine().place(workload, clusters, Map.of(), NOW, detail);
  }

  private static void assertSameDecision(Decision actual, Decision expected) {
    assertThat(actual.replicas()).isEqualTo(expected.replicas());
    assertThat(actual.outcome()).isEqualTo(expected.outcome());
    assertThat(actual.summary()).isEqualTo(expected.summary());
    assertThat(actual.problems()).isEqualTo(expected.problems());
    assertThat(actual.filtered()).isEqualTo(expected.filtered());
    assertThat(actual.verdicts()).isEqualTo(expected.verdicts());
    assertThat(actual.cost()).isEqualTo(expected.cost());
  }

  @Test
  void sameInputGivesTheSameDecision() {
    for (Detail detail : Detail.values()) {
      assertSameDecision(place(WEB, FLEET, detail), place(WEB, FLEET, detail));
    }
  }

  static Stream<Arguments> clusterOrders() {
    List<List<Cluster>> orders = new ArrayList<>();
    permute(new ArrayList<>(FLEET), 0, orders);
    return orders.stream()
        .map(
            order ->
                argumentSet(
                    order.stream().map(Cluster::name).collect(Collectors.joining(", ")), order));
  }

  private static void permute(List<Cluster> items, int from, List<List<Cluster>> out) {
    if (from == items.size()) {
      out.add(List.copyOf(items));
      return;
    }
    for (int i = from; i < items.size(); i++) {
      java.util.Collections.swap(items, from, i);
      permute(items, from + 1, out);
      java.util.Collections.swap(items, from, i);
    }
  }

  @ParameterizedTest
  @MethodSource("clusterOrders")
  void clusterOrderDoesNotChangeTheDecision(List<Cluster> order) {
    for (Detail detail : Detail.values()) {
      assertSameDecision(place(WEB, order, detail), place(WEB, FLEET, detail));
    }
  }

  @Test
  void batchOrderDoesNotChangeTheDecisions() {
    Workload a = workload("a").replicas(5).build();
    Workload b = workload("b").replicas(5).cpu(1000).build();
    Workload c = workload("other", "a").replicas(5).duplicated().maxClusters(2).build();
    PlacementEngine engine = new PlacementEngine();

    List<Decision> forward = engine.placeAll(List.of(a, b, c), FLEET, Map.of(), NOW, Detail.BRIEF);
    List<Decision> backward =
        engine.placeAll(List.of(c, b, a), FLEET.reversed(), Map.of(), NOW, Detail.BRIEF);

    for (int i = 0; i < forward.size(); i++) {
      assertSameDecision(backward.get(i), forward.get(i));
    }
  }

  // spotless:off
  static Stream<Arguments> ties() {
    return Stream.of(
        argumentSet("one replica", workload("web").replicas(1), Map.of("a", 1)),
        argumentSet("four replicas: round robin from the first name", workload("web").replicas(4), Map.of("a", 2, "b", 1, "c", 1)),
        argumentSet("duplicated over two of three", workload("web").replicas(2).duplicated().maxClusters(2), Map.of("a", 2, "b", 2)),
        argumentSet("spread over two of three zones", workload("web").replicas(2).spread(ZONE, 2).maxClusters(2), Map.of("a", 1, "b", 1)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("ties")
  void tiesBreakByClusterName(Fleet.WorkloadBuilder web, Map<String, Integer> expected) {
    List<Cluster> identical =
        List.of(
            cluster("c").zone("z3").build(),
            cluster("b").zone("z2").build(),
            cluster("a").zone("z1").build());

    Decision decision = place(web.build(), identical, Detail.FULL);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
  }
}
