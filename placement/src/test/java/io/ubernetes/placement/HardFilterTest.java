package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.MI;
import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.key;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Outcome;
import io.ubernetes.placement.LabelSelector.Operator;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hard filters of the README, each with the reason diagnoses give for it. */
class HardFilterTest {
  private static final String FAILED = "failed (not ready for longer than the grace period)";

  /** The cluster's reason, in both the decision's filtered list and its FULL verdict. */
  private static void assertFiltered(Decision decision, String cluster, String reason) {
    assertThat(decision.filtered()).containsKey(reason);
    assertThat(decision.filtered().get(reason)).contains(cluster);
    ClusterVerdict verdict = verdict(decision, cluster);
    assertThat(verdict.candidate()).isFalse();
    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.replicas()).isZero();
    assertThat(decision.replicas()).doesNotContainKey(cluster);
  }

  @Test
  void filtersFailedClusterAndMovesItsReplicasAway() {
    Workload web = workload("web").replicas(2).current("a", 2).build();
    Decision decision =
        place(
            web,
            cluster("a").readiness(Readiness.FAILED).allocated(1000, 0, 2).build(),
            cluster("b").build());

    assertFiltered(decision, "a", FAILED);
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 2));
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
  }

  private static Toleration equal(String key, String value, TaintEffect effect) {
    return new Toleration(key, Toleration.Operator.EQUAL, value, effect);
  }

  private static Toleration exists(String key, TaintEffect effect) {
    return new Toleration(key, Toleration.Operator.EXISTS, null, effect);
  }

  // spotless:off
  static Stream<Arguments> noExecuteTolerations() {
    return Stream.of(
        argumentSet("no toleration", List.of(), false),
        argumentSet("exact key and value", List.of(equal("dedicated", "gpu", null)), true),
        argumentSet("same key, other value", List.of(equal("dedicated", "cpu", null)), false),
        argumentSet("Exists on the key", List.of(exists("dedicated", null)), true),
        argumentSet("Exists on another key", List.of(exists("other", null)), false),
        argumentSet("empty key with Exists tolerates everything", List.of(exists(null, null)), true),
        argumentSet("empty key with Equal tolerates nothing", List.of(equal(null, null, null)), false),
        argumentSet("exact match for NoExecute", List.of(equal("dedicated", "gpu", TaintEffect.NO_EXECUTE)), true),
        argumentSet("exact match for NoSchedule only", List.of(equal("dedicated", "gpu", TaintEffect.NO_SCHEDULE)), false),
        argumentSet("empty-key Exists for PreferNoSchedule only", List.of(exists(null, TaintEffect.PREFER_NO_SCHEDULE)), false),
        argumentSet("one of several tolerations matches",
            List.of(exists("other", null), exists("dedicated", TaintEffect.NO_EXECUTE)), true));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("noExecuteTolerations")
  void keepsReplicasOffNoExecuteTaintUnlessTolerated(
      List<Toleration> tolerations, boolean tolerated) {
    var builder = workload("trainer").replicas(2);
    tolerations.forEach(builder::tolerate);
    // The tainted cluster is the cheaper one: only the taint keeps replicas away from it.
    Cluster tainted =
        cluster("gpu").taint("dedicated", "gpu", TaintEffect.NO_EXECUTE).price(1).build();
    Cluster plain = cluster("plain").price(2).build();

    Decision decision = place(builder.build(), tainted, plain);

    if (tolerated) {
      assertThat(decision.filtered()).isEmpty();
      assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("gpu", 2));
    } else {
      assertFiltered(decision, "gpu", "taint dedicated=gpu:NoExecute not tolerated");
      assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("plain", 2));
    }
  }

  @Test
  void evictsReplicasAlreadyRunningUnderAnUntoleratedNoExecuteTaint() {
    Workload web = workload("web").replicas(3).current("gpu", 3).build();
    Decision decision =
        place(
            web,
            cluster("gpu")
                .taint("dedicated", "gpu", TaintEffect.NO_EXECUTE)
                .allocated(1500, 0, 3)
                .build(),
            cluster("plain").build());

    assertFiltered(decision, "gpu", "taint dedicated=gpu:NoExecute not tolerated");
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("plain", 3));
  }

  // spotless:off
  static Stream<Arguments> selectors() {
    return Stream.of(
        argumentSet("matchLabels", Map.of("ubernetes.io/tier", "onprem"), List.of(),
            Map.of("tier is not onprem", List.of("dub", "nyc"))),
        argumentSet("In", Map.of(), List.of(new LabelSelector.Requirement(REGION, Operator.IN, List.of("eu-central", "eu-west"))),
            Map.of("region not in [eu-central, eu-west]", List.of("nyc"))),
        argumentSet("NotIn", Map.of(), List.of(new LabelSelector.Requirement(REGION, Operator.NOT_IN, List.of("us-east"))),
            Map.of("region in [us-east]", List.of("nyc"))),
        argumentSet("Exists", Map.of(), List.of(new LabelSelector.Requirement("gpu", Operator.EXISTS, null)),
            Map.of("no gpu label", List.of("dub", "nyc"))),
        argumentSet("DoesNotExist", Map.of(), List.of(new LabelSelector.Requirement("gpu", Operator.DOES_NOT_EXIST, null)),
            Map.of("has a gpu label", List.of("fra"))),
        argumentSet("In on a label no cluster has", Map.of(), List.of(new LabelSelector.Requirement("disk", Operator.IN, List.of("ssd"))),
            Map.of("disk not in [ssd]", List.of("dub", "fra", "nyc"))),
        argumentSet("NotIn on a label no cluster has", Map.of(), List.of(new LabelSelector.Requirement("disk", Operator.NOT_IN, List.of("hdd"))),
            Map.of()),
        argumentSet("matchLabels and an expression: the first failed check is the reason",
            Map.of("ubernetes.io/tier", "cloud"), List.of(new LabelSelector.Requirement(REGION, Operator.IN, List.of("eu-west"))),
            Map.of("tier is not cloud", List.of("fra"), "region not in [eu-west]", List.of("nyc"))));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("selectors")
  void filtersClustersTheSelectorDoesNotMatch(
      Map<String, String> matchLabels,
      List<LabelSelector.Requirement> expressions,
      Map<String, List<String>> filtered) {
    var builder = workload("web").replicas(3);
    matchLabels.forEach(builder::matchLabel);
    expressions.forEach(
        r -> builder.require(r.key(), r.operator(), r.values().toArray(String[]::new)));
    Cluster fra = cluster("fra").region("eu-central").tier("onprem").label("gpu", "a100").build();
    Cluster dub = cluster("dub").region("eu-west").tier("cloud").build();
    Cluster nyc = cluster("nyc").region("us-east").tier("cloud").build();

    Decision decision = place(builder.build(), fra, dub, nyc);

    assertThat(decision.filtered()).containsExactlyInAnyOrderEntriesOf(filtered);
    filtered.forEach(
        (reason, clusters) -> clusters.forEach(c -> assertFiltered(decision, c, reason)));
    List<String> allowed =
        Stream.of("dub", "fra", "nyc")
            .filter(c -> filtered.values().stream().noneMatch(l -> l.contains(c)))
            .toList();
    assertThat(decision.replicas().keySet()).isSubsetOf(allowed);
    assertThat(decision.placedReplicas()).isEqualTo(allowed.isEmpty() ? 0 : 3);
  }

  // spotless:off
  static Stream<Arguments> cordons() {
    return Stream.of(
        argumentSet("not ready within the grace period", cluster("a").readiness(Readiness.NOT_READY), "not ready"),
        argumentSet("untolerated NoSchedule taint", cluster("a").taint("maintenance", "true", TaintEffect.NO_SCHEDULE),
            "taint maintenance=true:NoSchedule not tolerated"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("cordons")
  void cordonedClusterWithoutReplicasIsFiltered(Fleet.ClusterBuilder a, String reason) {
    Decision decision = place(workload("web").replicas(3).build(), a.build(), cluster("b").build());

    assertFiltered(decision, "a", reason);
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 3));
  }

  @ParameterizedTest
  @MethodSource("cordons")
  void cordonedClusterKeepsItsReplicasButTakesNoNewOnes(Fleet.ClusterBuilder a, String reason) {
    // Two replicas run on a; scaled to 6, the 4 new ones go to b although a and b cost the same.
    Workload web = workload("web").replicas(6).current("a", 2).build();
    Decision decision = place(web, a.allocated(1000, 0, 2).build(), cluster("b").build());

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 4));
    assertThat(decision.filtered()).isEmpty();
    assertThat(verdict(decision, "a").candidate()).isTrue();
    assertThat(verdict(decision, "a").capacity()).isEqualTo(2);
    assertThat(verdict(decision, "a").nextReplica()).isNull();
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
  }

  @Test
  void toleratedNoScheduleTaintIsNoCordon() {
    Workload web = workload("web").replicas(6).tolerate(exists("maintenance", null)).build();
    Decision decision =
        place(
            web,
            cluster("a").taint("maintenance", "true", TaintEffect.NO_SCHEDULE).build(),
            cluster("b").build());

    // Identical clusters: replicas alternate, ties going to the first name.
    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3));
  }

  // spotless:off
  static Stream<Arguments> filterOrder() {
    Map<WorkloadKey, Map<String, Integer>> dbElsewhere = Map.of(key("db"), Map.of("db-host", 1));
    return Stream.of(
        argumentSet("failed before NoExecute",
            cluster("x").region("eu-west").readiness(Readiness.FAILED).taint("k", "v", TaintEffect.NO_EXECUTE), Map.of(), FAILED),
        argumentSet("NoExecute before the selector",
            cluster("x").region("us-east").taint("k", "v", TaintEffect.NO_EXECUTE), Map.of(), "taint k=v:NoExecute not tolerated"),
        argumentSet("selector before coupling",
            cluster("x").region("us-east"), dbElsewhere, "region not in [eu-west]"),
        argumentSet("coupling before cordons",
            cluster("x").region("eu-west").zone("eu-west-1b").unschedulable(), dbElsewhere, "not in the zone of shop/db [eu-west-1a]"),
        argumentSet("selector before cordons",
            cluster("x").region("us-east").readiness(Readiness.NOT_READY), Map.of(), "region not in [eu-west]"),
        argumentSet("unschedulable before not ready",
            cluster("x").region("eu-west").readiness(Readiness.NOT_READY).unschedulable(), Map.of(), "unschedulable (being drained)"),
        argumentSet("unschedulable before NoSchedule",
            cluster("x").region("eu-west").unschedulable().taint("k", "v", TaintEffect.NO_SCHEDULE), Map.of(), "unschedulable (being drained)"),
        argumentSet("cordons before capacity",
            cluster("x").region("eu-west").cpu(100).taint("k", "v", TaintEffect.NO_SCHEDULE), Map.of(), "taint k=v:NoSchedule not tolerated"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("filterOrder")
  void reasonIsTheFirstRuleTheClusterBreaks(
      Fleet.ClusterBuilder x, Map<WorkloadKey, Map<String, Integer>> others, String reason) {
    Workload web =
        workload("web")
            .inRegions(List.of("eu-west"))
            .couple("db", CouplingType.STRICT, Fleet.ZONE, 0)
            .build();
    Cluster dbHost =
        cluster("db-host").region("eu-west").zone("eu-west-1a").readiness(Readiness.FAILED).build();

    Decision decision = place(web, others, x.build(), dbHost);

    assertFiltered(decision, "x", reason);
    assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
  }

  // spotless:off
  static Stream<Arguments> shortages() {
    return Stream.of(
        argumentSet("cpu", cluster("small").cpu(1000).allocated(800, 0, 0), 500L, 0L,
            "insufficient cpu (need 500m)", "free 200m cpu"),
        argumentSet("memory", cluster("small").memory(4 * GI).allocated(0, 3 * GI + 512 * MI, 0), 500L, GI,
            "insufficient memory (need 1Gi)", "512Mi memory"),
        argumentSet("pods", cluster("small").pods(10).allocated(0, 0, 10), 500L, 0L,
            "insufficient pods (need 1 pod)", "memory, 0 pods;"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("shortages")
  void filtersClusterWithoutRoomForOneReplica(
      Fleet.ClusterBuilder small, long cpu, long memory, String reason, String freeFigure) {
    Workload web = workload("web").replicas(2).cpu(cpu).memory(memory).build();

    Decision decision = place(web, small.build(), cluster("big").build());

    assertThat(decision.filtered()).containsExactlyEntriesOf(Map.of(reason, List.of("small")));
    // FULL detail adds the free amounts to the reason.
    assertThat(verdict(decision, "small").reason()).startsWith(reason + ": ").contains(freeFigure);
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("big", 2));
  }

  // spotless:off
  static Stream<Arguments> ownReplicasCountAsFree() {
    return Stream.of(
        // 2 cores: 1 core used by others, 1 by the workload's own 2 replicas.
        argumentSet("cpu", cluster("a").cpu(2000).allocated(2000, 2 * GI, 2), "insufficient cpu (need 500m)"),
        // 2Gi: all of it the workload's own 2 replicas of 1Gi.
        argumentSet("memory", cluster("a").memory(2 * GI).allocated(1000, 2 * GI, 2), "insufficient memory (need 1Gi)"),
        // 2 pods: both the workload's own.
        argumentSet("pods", cluster("a").pods(2).allocated(1000, 2 * GI, 2), "insufficient pods (need 1 pod)"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("ownReplicasCountAsFree")
  void countsTheWorkloadsOwnReplicasAsFree(Fleet.ClusterBuilder full, String reasonWithout) {
    Cluster a = full.build();
    Workload running = workload("web").replicas(2).memory(GI).current("a", 2).build();
    Workload newcomer = workload("web").replicas(2).memory(GI).build();

    Decision keeps = place(running, a);
    Decision filtered = place(newcomer, a);

    assertThat(keeps.replicas()).containsExactlyEntriesOf(Map.of("a", 2));
    assertThat(verdict(keeps, "a").capacity()).isEqualTo(2);
    assertThat(filtered.filtered()).containsExactlyEntriesOf(Map.of(reasonWithout, List.of("a")));
  }

  @Test
  void filtersClusterWithoutRoomForMinReplicasPerCluster() {
    // "small" has room for 2 replicas, minReplicasPerCluster is 3.
    Workload web = workload("web").replicas(6).minPerCluster(3).build();
    Decision decision = place(web, cluster("small").cpu(1000).build(), cluster("big").build());

    assertThat(decision.filtered()).hasSize(1);
    String reason = decision.filtered().firstKey();
    assertThat(reason).startsWith("insufficient cpu").contains("minReplicasPerCluster 3");
    assertThat(decision.filtered().get(reason)).containsExactly("small");
    assertThat(verdict(decision, "small").candidate()).isFalse();
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("big", 6));
  }

  @Test
  void opensEachClusterWithAtLeastMinReplicasPerCluster() {
    Cluster a = cluster("a").build();
    Cluster b = cluster("b").build();
    Cluster c = cluster("c").build();

    Decision free = place(workload("web").replicas(4).build(), a, b, c);
    Decision chunked = place(workload("web").replicas(4).minPerCluster(2).build(), a, b, c);

    assertThat(free.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 1, "c", 1));
    assertThat(chunked.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
  }

  @Test
  void capsEachClusterAtMaxReplicasPerCluster() {
    Cluster a = cluster("a").build();
    Cluster b = cluster("b").build();
    Cluster c = cluster("c").price(3).build();

    // c is dearer, but a and b may hold only 2 each.
    Decision threeClusters = place(workload("web").replicas(5).maxPerCluster(2).build(), a, b, c);
    Decision twoClusters = place(workload("web").replicas(5).maxPerCluster(2).build(), a, b);

    assertThat(threeClusters.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2, "c", 1));
    assertThat(verdict(threeClusters, "a").capacity()).isEqualTo(2);
    assertThat(twoClusters.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
    assertThat(twoClusters.outcome()).isEqualTo(Outcome.PARTIAL);
  }

  @Test
  void filtersEveryClusterWhenMaxReplicasPerClusterIsBelowDuplicatedReplicas() {
    Cluster a = cluster("a").build();
    Cluster b = cluster("b").build();

    Decision fits = place(workload("web").replicas(2).duplicated().maxPerCluster(2).build(), a, b);
    Decision capped =
        place(workload("web").replicas(3).duplicated().maxPerCluster(2).build(), a, b);

    assertThat(fits.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
    assertThat(capped.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    assertThat(capped.filtered().values()).containsExactly(List.of("a", "b"));
    assertThat(verdict(capped, "a").candidate()).isFalse();
  }

  @Test
  void namesMaxReplicasPerClusterNotCapacityWhenItIsTheBoundThatStops() {
    Cluster roomy = cluster("a").build();

    Decision capped =
        place(workload("web").replicas(3).duplicated().maxPerCluster(2).build(), roomy);

    assertThat(capped.filtered())
        .containsExactlyEntriesOf(
            Map.of("maxReplicasPerCluster 2 is less than replicas 3", List.of("a")));
  }

  @Test
  void namesTheCordonWhenACordonedClusterKeepsFewerThanTheMinimum() {
    Cluster cordoned = cluster("a").taint("maintenance", "true", TaintEffect.NO_SCHEDULE).build();
    Workload running = workload("web").replicas(6).minPerCluster(3).current("a", 2).build();

    Decision decision = place(running, cordoned);

    assertThat(decision.filtered())
        .containsExactlyEntriesOf(
            Map.of(
                "taint maintenance=true:NoSchedule not tolerated: keeps its 2, fewer than"
                    + " minReplicasPerCluster 3",
                List.of("a")));
  }

  @Test
  void unschedulableClusterIsDrainedOfItsReplicas() {
    // Unlike a cordon, an unschedulable cluster keeps nothing: its replicas go where they may.
    Workload web = workload("web").replicas(4).current("a", 4).build();
    Decision decision =
        place(
            web, cluster("a").unschedulable().allocated(2000, 0, 4).build(), cluster("b").build());

    assertFiltered(decision, "a", "unschedulable (being drained)");
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 4));
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
  }

  @Test
  void unschedulableClusterThatIsTheOnlyOneAllowedLeavesTheWorkloadUnplaced() {
    // The engine never relaxes a rule; what stays on the drained cluster is the caller's call.
    Workload web = workload("web").replicas(2).current("a", 2).build();
    Decision decision = place(web, cluster("a").unschedulable().allocated(1000, 0, 2).build());

    assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    assertThat(decision.summary()).contains("unschedulable (being drained)");
  }
}
