package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.ZONE;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Outcome;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Divided spreads a total over clusters; Duplicated runs every replica in each selected one. */
class DividedAndDuplicatedTest {
  // Price terms: a 33.3, c 66.7, b 100.
  private static final Cluster A = cluster("a").zone("z1").price(1).build();
  private static final Cluster B = cluster("b").zone("z1").price(3).build();
  private static final Cluster C = cluster("c").zone("z2").price(2).build();

  @Test
  void dividedPlacesTheReplicasInTotal() {
    Decision decision = place(workload("web").replicas(3).build(), A, B, C);

    assertThat(decision.placedReplicas()).isEqualTo(3);
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("a", 3));
  }

  @Test
  void duplicatedPutsAllReplicasInEveryCandidateCluster() {
    Decision decision = place(workload("web").replicas(3).duplicated().build(), A, B, C);

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3, "c", 3));
    assertThat(decision.requestedReplicas()).isEqualTo(3);
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
    assertThat(decision.summary()).startsWith("3 replicas in each of 3 clusters");
  }

  // spotless:off
  static Stream<Arguments> duplicatedMaxClusters() {
    return Stream.of(
        argumentSet("maxClusters 1: the cheapest", 1, List.of(), Map.of("a", 3)),
        argumentSet("maxClusters 2: the two cheapest", 2, List.of(), Map.of("a", 3, "c", 3)),
        argumentSet("maxClusters 3: all", 3, List.of(), Map.of("a", 3, "b", 3, "c", 3)),
        argumentSet("maxClusters 2, spread over 2 zones", 2, List.of(ZONE, 2), Map.of("a", 3, "c", 3)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("duplicatedMaxClusters")
  void duplicatedTakesTheCheapestClustersUpToMaxClusters(
      int maxClusters, List<Object> spread, Map<String, Integer> expected) {
    var web = workload("web").replicas(3).duplicated().maxClusters(maxClusters);
    if (!spread.isEmpty()) {
      web.spread((String) spread.get(0), (Integer) spread.get(1));
    }

    Decision decision = place(web.build(), A, B, C);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
  }

  @Test
  void duplicatedSpreadPicksAClusterInEachZoneBeforeTheCheapest() {
    // The two cheapest, a and b2, share zone z1; spread over 2 zones brings in c instead.
    Cluster b2 = cluster("b2").zone("z1").price(1.1).build();
    var web = workload("web").replicas(3).duplicated().maxClusters(2);

    Decision unspread = place(web.build(), A, b2, C);
    Decision spread = place(web.spread(ZONE, 2).build(), A, b2, C);

    assertThat(unspread.replicas()).containsOnlyKeys("a", "b2");
    assertThat(spread.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "c", 3));
  }

  @Test
  void duplicatedNeedsRoomForAllReplicasInACluster() {
    // c has room for 2 replicas of 500m.
    Cluster smallC = cluster("c").zone("z2").cpu(1000).build();

    Decision decision = place(workload("web").replicas(3).duplicated().build(), A, B, smallC);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3));
    assertThat(decision.filtered()).hasSize(1);
    assertThat(decision.filtered().firstKey()).startsWith("insufficient cpu");
    assertThat(decision.filtered().values()).containsExactly(List.of("c"));
    assertThat(verdict(decision, "c").candidate()).isFalse();
  }

  @Test
  void duplicatedWithNoClusterRoomyEnoughIsUnschedulable() {
    Decision decision =
        place(
            workload("web").replicas(20).duplicated().build(),
            cluster("a").cpu(4000).build(),
            cluster("b").cpu(9000).build());

    assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    assertThat(decision.replicas()).isEmpty();
    assertThat(decision.summary()).startsWith("0/20 replicas placed; 0/2 clusters fit: 2 ");
  }

  // spotless:off
  static Stream<Arguments> dividedMaxClusters() {
    return Stream.of(
        argumentSet("no limit", 0, Map.of("a", 2, "b", 2, "c", 2)),
        argumentSet("maxClusters 1", 1, Map.of("a", 6)),
        argumentSet("maxClusters 2", 2, Map.of("a", 3, "b", 3)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("dividedMaxClusters")
  void dividedUsesAtMostMaxClusters(int maxClusters, Map<String, Integer> expected) {
    Workload web = workload("web").replicas(6).maxClusters(maxClusters).build();

    Decision decision =
        place(web, cluster("a").build(), cluster("b").build(), cluster("c").build());

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
  }
}
