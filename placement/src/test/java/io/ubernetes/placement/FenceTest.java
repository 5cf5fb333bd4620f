package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.FENCED;
import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.placeAll;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.Decision.Outcome;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fence confines a workload to the clusters of the cluster sets bound to its namespace: a hard
 * filter, the first, on every placement and failover.
 */
class FenceTest {
  // The cheapest first: only the fence keeps replicas off "cheap" and "cheaper".
  private static final Cluster CHEAPER = cluster("cheaper").price(0.5).build();
  private static final Cluster CHEAP = cluster("cheap").price(1).build();
  private static final Cluster MINE = cluster("mine").price(2).build();
  private static final Cluster ALSO_MINE = cluster("also-mine").price(3).build();
  private static final List<Cluster> FLEET = List.of(CHEAPER, CHEAP, MINE, ALSO_MINE);

  // spotless:off
  static Stream<Arguments> fences() {
    return Stream.of(
        argumentSet("no fence: every cluster, the cheapest wins",
            workload("web").replicas(2), List.of(CHEAPER, CHEAP, MINE),
            Map.of("cheaper", 2), Map.of(), Outcome.PLACED),
        argumentSet("the cheaper clusters outside the fence are filtered",
            workload("web").replicas(2).fence("mine", "also-mine"), FLEET,
            Map.of("mine", 2), Map.of(FENCED, List.of("cheap", "cheaper")), Outcome.PLACED),
        argumentSet("replicas running outside the fence move inside",
            workload("web").replicas(2).current("cheaper", 2).fence("mine"), List.of(CHEAPER, MINE),
            Map.of("mine", 2), Map.of(FENCED, List.of("cheaper")), Outcome.PLACED),
        argumentSet("failover stays inside the fence, though a cheaper cluster is outside",
            workload("web").replicas(3).current("failed", 3).fence("failed", "also-mine"),
            List.of(cluster("failed").readiness(Readiness.FAILED).price(0.1).allocated(1500, 0, 3).build(), CHEAPER, ALSO_MINE),
            Map.of("also-mine", 3),
            Map.of(FENCED, List.of("cheaper"), "failed (not ready for longer than the grace period)", List.of("failed")),
            Outcome.PLACED),
        argumentSet("the fence is the first rule: a failed cluster outside it is only outside it",
            workload("web").fence("mine"),
            List.of(cluster("failed").readiness(Readiness.FAILED).build(), MINE),
            Map.of("mine", 1), Map.of(FENCED, List.of("failed")), Outcome.PLACED),
        argumentSet("the selector still applies inside the fence",
            workload("web").fence("mine", "also-mine").matchLabel("disk", "ssd"),
            List.of(cluster("mine").build(), cluster("also-mine").label("disk", "ssd").build(), CHEAPER),
            Map.of("also-mine", 1), Map.of(FENCED, List.of("cheaper"), "disk is not ssd", List.of("mine")),
            Outcome.PLACED),
        argumentSet("names of clusters not in the fleet are ignored",
            workload("web").fence("mine", "gone"), List.of(CHEAP, MINE),
            Map.of("mine", 1), Map.of(FENCED, List.of("cheap")), Outcome.PLACED),
        argumentSet("no candidate left: not placed, with the reason",
            workload("web").replicas(2).fence("elsewhere"), List.of(CHEAPER, CHEAP, MINE),
            Map.of(), Map.of(FENCED, List.of("cheap", "cheaper", "mine")), Outcome.UNSCHEDULABLE),
        argumentSet("an empty fence: nowhere",
            workload("web").fence(), List.of(MINE),
            Map.of(), Map.of(FENCED, List.of("mine")), Outcome.UNSCHEDULABLE),
        argumentSet("duplicated: every cluster inside the fence, none outside",
            workload("web").replicas(2).duplicated().fence("mine", "also-mine"), FLEET,
            Map.of("mine", 2, "also-mine", 2), Map.of(FENCED, List.of("cheap", "cheaper")), Outcome.PLACED));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("fences")
  void placesOnlyInsideTheFence(
      Fleet.WorkloadBuilder builder,
      List<Cluster> clusters,
      Map<String, Integer> expected,
      Map<String, List<String>> filtered,
      Outcome outcome) {
    Workload web = builder.build();

    Decision decision = place(web, clusters.toArray(Cluster[]::new));

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.filtered()).containsExactlyInAnyOrderEntriesOf(filtered);
    assertThat(decision.outcome()).isEqualTo(outcome);
    for (String outside : filtered.getOrDefault(FENCED, List.of())) {
      ClusterVerdict verdict = verdict(decision, outside);
      assertThat(verdict.candidate()).isFalse();
      assertThat(verdict.reason()).isEqualTo(FENCED);
    }
  }

  @Test
  void theSummaryCountsTheClustersOutsideTheFenceLikeOtherFilters() {
    Workload web = workload("web").replicas(2).fence("mine").build();

    Decision decision = place(web, CHEAPER, CHEAP, MINE, cluster("x").build());

    assertThat(decision.summary())
        .isEqualTo(
            "2/2 replicas on 1 cluster (mine 2); 1/4 clusters fit: 3 not in a cluster set bound"
                + " to namespace shop");
  }

  @Test
  void nothingInsideTheFenceSaysSoInTheSummary() {
    Decision decision = place(workload("web").replicas(6).fence().build(), CHEAPER, CHEAP, MINE);

    assertThat(decision.summary())
        .isEqualTo(
            "0/6 replicas placed; 0/3 clusters fit: 3 not in a cluster set bound to namespace shop");
  }

  @Test
  void eachWorkloadOfABatchKeepsToItsOwnNamespacesFence() {
    Workload shop = workload("web").replicas(2).fence("mine").build();
    Workload other =
        workload("other", "web")
            .replicas(2)
            .build()
            .withFence(new Fence(Set.of("cheap"), "not in a set bound to other"));
    Workload free = workload("zeta", "web").replicas(2).build();

    List<Decision> decisions = placeAll(List.of(shop, other, free), CHEAPER, CHEAP, MINE);

    assertThat(decisions.get(0).replicas()).containsExactlyEntriesOf(Map.of("cheap", 2));
    assertThat(decisions.get(0).filtered())
        .containsExactlyEntriesOf(
            Map.of("not in a set bound to other", List.of("cheaper", "mine")));
    assertThat(decisions.get(1).replicas()).containsExactlyEntriesOf(Map.of("mine", 2));
    assertThat(decisions.get(2).replicas()).containsExactlyEntriesOf(Map.of("cheaper", 2));
    assertThat(decisions.get(2).filtered()).isEmpty();
  }

  @Test
  void aStrictCouplingGroupLandsInsideItsFence() {
    Cluster eu = cluster("eu").region("eu-west").price(2).build();
    Cluster us = cluster("us").region("us-east").price(1).build();
    Workload web =
        workload("web").couple("db", CouplingType.STRICT, Fleet.REGION, 0).fence("eu").build();
    Workload db =
        workload("db").couple("web", CouplingType.STRICT, Fleet.REGION, 0).fence("eu").build();

    List<Decision> decisions =
        new PlacementEngine()
            .placeAll(List.of(web, db), List.of(eu, us), Map.of(), NOW, Detail.FULL);

    assertThat(decisions).allSatisfy(d -> assertThat(d.replicas()).containsOnlyKeys("eu"));
    assertThat(decisions).allSatisfy(d -> assertThat(d.filtered()).containsKey(FENCED));
  }

  @Test
  void aFenceHoldingEveryClusterChangesNothing() {
    Workload web = workload("web").replicas(5).build();
    Workload fenced = web.withFence(new Fence(Set.of("cheaper", "cheap", "mine"), FENCED));

    Decision free = place(web, CHEAPER, CHEAP, MINE);
    Decision inside = place(fenced, CHEAPER, CHEAP, MINE);

    assertThat(inside.replicas()).isEqualTo(free.replicas());
    assertThat(inside.summary()).isEqualTo(free.summary());
    assertThat(inside.verdicts()).isEqualTo(free.verdicts());
  }
}
