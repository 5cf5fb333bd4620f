package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Budget;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.Fence;
import io.ubernetes.placement.PlacementEngine;
import io.ubernetes.placement.PlacementSpec;
import io.ubernetes.placement.Price;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingPassTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void countsTheReplicasThatChangeCluster() {
    assertThat(SchedulingPass.moved(Map.of("a", 3), Map.of("a", 3))).isZero();
    assertThat(SchedulingPass.moved(Map.of("a", 3), Map.of("a", 1, "b", 2))).isEqualTo(2);
    assertThat(SchedulingPass.moved(Map.of(), Map.of("a", 4))).isEqualTo(4);
    assertThat(SchedulingPass.moved(Map.of("a", 4), Map.of("a", 2))).isZero();
  }

  @Test
  void aRebalanceStopsAtTheFirstWorkloadBeyondItsBudget() {
    List<ScheduledWorkload> batch =
        List.of(
            moving(Map.of("a", 2), Map.of("b", 2)),
            moving(Map.of("a", 1), Map.of("b", 1)),
            moving(Map.of("a", 3), Map.of("b", 3)),
            moving(Map.of("a", 1), Map.of("b", 1)));

    List<ScheduledWorkload> kept = SchedulingPass.withinBudget(batch, List.of(), 4);

    // 2 + 1 fit in 4; the third would make 6: it and everything after wait.
    assertThat(kept).containsExactlyElementsOf(batch.subList(0, 2));
  }

  @Test
  void workloadsThatNeedPlacingAnywayDoNotSpendTheBudget() {
    ScheduledWorkload changed = moving(Map.of("a", 5), Map.of("b", 5));
    List<ScheduledWorkload> batch = List.of(changed, moving(Map.of("a", 1), Map.of("b", 1)));

    List<ScheduledWorkload> kept =
        SchedulingPass.withinBudget(
            batch, List.of(new PlacementRepository.Pending(changed.uid(), 0, null)), 1);

    assertThat(kept).containsExactlyElementsOf(batch);
  }

  /**
   * A workload's replicas running on fra, which is leaving (failed or drained), and what the pass
   * wants of them once the engine placed them elsewhere as it could.
   */
  record Leaving(
      String name,
      List<Cluster> clusters,
      int replicas,
      boolean duplicated,
      Fence fence,
      Map<String, Integer> wanted,
      List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Leaving> leaving() {
    List<Cluster> failedFraSmallDub =
        List.of(cluster("fra", Readiness.FAILED, 16), cluster("dub", Readiness.READY, 1));
    return Stream.of(
        // dub has room for 2 replicas of 500m; the other 2 stay committed on the failed fra.
        new Leaving(
            "a failed cluster keeps what nothing else may take",
            failedFraSmallDub,
            4,
            false,
            null,
            Map.of("dub", 2, "fra", 2),
            List.of("keeps 2 replicas on failed cluster fra: no permitted cluster can take them")),
        // The namespace may no longer use fra: its replicas do not stay there, whatever else fails.
        new Leaving(
            "a failed cluster outside the workload's fence keeps nothing",
            failedFraSmallDub,
            4,
            false,
            new Fence(Set.of("dub"), "not in a cluster set bound to namespace shop"),
            Map.of("dub", 2),
            List.of()),
        new Leaving(
            "a failed cluster keeps nothing when every replica found a place",
            List.of(cluster("fra", Readiness.FAILED, 16), cluster("dub", Readiness.READY, 16)),
            4,
            false,
            null,
            Map.of("dub", 4),
            List.of()),
        new Leaving(
            "a drained cluster keeps what nothing else may take",
            List.of(drained(new Resources(2_000, 4L << 30, 4)), cluster("dub", Readiness.READY, 1)),
            4,
            false,
            null,
            Map.of("dub", 2, "fra", 2),
            List.of(
                "keeps 2 replicas on unschedulable cluster fra: no permitted cluster can take them")),
        new Leaving(
            "a Duplicated workload keeps a drained cluster when no cluster is left",
            List.of(drained(Resources.ZERO)),
            2,
            true,
            null,
            Map.of("fra", 2),
            List.of(
                "keeps 2 replicas on unschedulable cluster fra: no permitted cluster can take them")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leaving")
  void keepsReplicasOnALeavingClusterOnlyWhereNothingElseMayTakeThem(Leaving leaving) {
    Fleet fleet = new Fleet(leaving.clusters(), Map.of(), "");
    Map<String, Integer> running = Map.of("fra", leaving.replicas());
    Decision decision = place(fleet, leaving.replicas(), running, leaving.fence());
    List<String> problems = new ArrayList<>();

    Map<String, Integer> wanted =
        SchedulingPass.keepWhereNothingElseMay(
            decision, leaving.duplicated(), running, fleet.leaving(), leaving.fence(), problems);

    assertThat(wanted).containsExactlyInAnyOrderEntriesOf(leaving.wanted());
    assertThat(problems).isEqualTo(leaving.problems());
  }

  @Test
  void keepsNoReplicasOnAFailedClusterWhenAQuotaCappedTheDecision() {
    Fleet fleet =
        new Fleet(
            List.of(cluster("fra", Readiness.FAILED, 16), cluster("dub", Readiness.READY, 16)),
            Map.of(),
            "");
    Workload workload =
        new Workload(
            new WorkloadKey("shop", "web"),
            4,
            Resources.perReplica(500, 1L << 30),
            PlacementSpec.ANYWHERE,
            Map.of("fra", 4),
            null,
            Map.of());
    // The namespace's other workloads use 8 of its 10 pods: 2 of the 4 may fail over.
    Budget compute =
        Budget.fleet(
            "compute",
            new Resources(Budget.UNLIMITED, Budget.UNLIMITED, 10),
            new Resources(0, 0, 8));
    Decision decision =
        new PlacementEngine()
            .placeAll(
                List.of(workload),
                fleet.clusters(),
                Map.of(),
                Map.of("shop", List.of(compute)),
                NOW,
                Decision.Detail.BRIEF)
            .getFirst();
    List<String> problems = new ArrayList<>();

    Map<String, Integer> wanted =
        SchedulingPass.keepWhereNothingElseMay(
            decision, false, Map.of("fra", 4), fleet.leaving(), problems);

    // The quota, not the fleet, stops the other 2: keeping them on fra would place them beyond it.
    assertThat(wanted).containsExactly(Map.entry("dub", 2));
    assertThat(problems).noneMatch(p -> p.contains("keeps"));
  }

  private static Cluster cluster(String name, Readiness readiness, int cores) {
    return Cluster.of(
            name, Map.of(), new Resources(cores * 1000L, cores * (4L << 30), 110), Price.FREE)
        .withReadiness(readiness);
  }

  /** fra, ready but unschedulable, with {@code allocated} in use. */
  private static Cluster drained(Resources allocated) {
    return new Cluster(
        "fra",
        Map.of(),
        List.of(),
        true,
        Readiness.READY,
        new Resources(16_000, 64L << 30, 110),
        allocated,
        Price.FREE,
        null,
        null);
  }

  private static Decision place(
      Fleet fleet, int replicas, Map<String, Integer> current, Fence fence) {
    Workload workload =
        new Workload(
            new WorkloadKey("shop", "web"),
            replicas,
            Resources.perReplica(500, 1L << 30),
            PlacementSpec.ANYWHERE,
            current,
            null,
            Map.of(),
            fence);
    return new PlacementEngine()
        .place(workload, fleet.clusters(), Map.of(), NOW, Decision.Detail.BRIEF);
  }

  private static ScheduledWorkload moving(Map<String, Integer> before, Map<String, Integer> after) {
    return new ScheduledWorkload(
        UUID.randomUUID(),
        null,
        0,
        Resources.ZERO,
        null,
        new PlacementRepository.Shares(after, after),
        new PlacementRepository.Shares(before, before),
        List.of(),
        "",
        0,
        false,
        false,
        List.of(),
        null);
  }
}
