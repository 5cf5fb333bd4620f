package io.ubernetes.placement;

import static io.ubernetes.placement.Budget.UNLIMITED;
import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.cluster;
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
 * Budgets: what a namespace's quotas leave. No replica goes where a budget holding its cluster has
 * no room for it; Divided places fewer replicas, Duplicated fewer whole copies, and the decision
 * names the quota and the dimension.
 */
class BudgetTest {
  // Cheapest first; each has room for 16 replicas of 500m.
  private static final Cluster A = cluster("a").region("eu-west").price(1).build();
  private static final Cluster B = cluster("b").region("eu-west").price(2).build();
  private static final Cluster C = cluster("c").region("us-east").price(3).build();
  private static final Set<String> EU = Set.of("a", "b");

  static Budget pods(String quota, long hard, long used) {
    return Budget.fleet(quota, limit(UNLIMITED, UNLIMITED, hard), new Resources(0, 0, used));
  }

  static Budget cpu(String quota, long hardMillis) {
    return Budget.fleet(quota, limit(hardMillis, UNLIMITED, UNLIMITED), Resources.ZERO);
  }

  static Budget memory(String quota, long hardBytes) {
    return Budget.fleet(quota, limit(UNLIMITED, hardBytes, UNLIMITED), Resources.ZERO);
  }

  static Budget euPods(String quota, long hard) {
    return Budget.clusterSet(quota, "eu", EU, limit(UNLIMITED, UNLIMITED, hard), Resources.ZERO);
  }

  private static Resources limit(long cpuMillis, long memoryBytes, long pods) {
    return new Resources(cpuMillis, memoryBytes, pods);
  }

  private static Decision place(Workload workload, List<Cluster> clusters, List<Budget> budgets) {
    return new PlacementEngine().place(workload, clusters, Map.of(), budgets, NOW, Detail.FULL);
  }

  // spotless:off
  static Stream<Arguments> budgets() {
    Cluster failed = cluster("x").readiness(Readiness.FAILED).price(0.5).allocated(2000, 0, 4).build();
    Cluster running = cluster("a").region("eu-west").price(1).allocated(2000, 0, 4).build();
    return Stream.of(
        argumentSet("divided, capped by pods",
            workload("web").replicas(6), List.of(A, B, C), List.of(pods("compute", 10, 6)),
            Map.of("a", 4), Outcome.PARTIAL, List.of("quota compute: pods 10/10 used")),
        argumentSet("divided, capped by cpu",
            workload("web").replicas(6), List.of(A, B, C), List.of(cpu("compute", 2000)),
            Map.of("a", 4), Outcome.PARTIAL, List.of("quota compute: requests.cpu 2/2 used")),
        argumentSet("divided, capped by memory",
            workload("web").replicas(6).memory(GI), List.of(A, B, C), List.of(memory("compute", 3 * GI)),
            Map.of("a", 3), Outcome.PARTIAL, List.of("quota compute: requests.memory 3Gi/3Gi used")),
        argumentSet("within the budget: placed in full, nothing said",
            workload("web").replicas(6), List.of(A, B, C), List.of(pods("compute", 10, 4)),
            Map.of("a", 6), Outcome.PLACED, List.of()),
        argumentSet("a dimension the quota does not limit is unbounded",
            workload("web").replicas(6).cpu(4000), List.of(A, B, C), List.of(pods("compute", 100, 0)),
            Map.of("a", 2, "b", 2, "c", 2), Outcome.PLACED, List.of()),
        argumentSet("used past the limit already (a quota lowered): nothing placed",
            workload("web").replicas(2), List.of(A, B), List.of(pods("compute", 10, 12)),
            Map.of(), Outcome.UNSCHEDULABLE, List.of("quota compute: pods 12/10 used")),
        argumentSet("duplicated: whole copies only, the cheapest clusters first",
            workload("web").replicas(3).duplicated(), List.of(A, B, C), List.of(pods("compute", 8, 0)),
            Map.of("a", 3, "b", 3), Outcome.PARTIAL, List.of("quota compute: pods 6/8 used")),
        argumentSet("duplicated within the budget",
            workload("web").replicas(3).duplicated(), List.of(A, B, C), List.of(pods("compute", 9, 0)),
            Map.of("a", 3, "b", 3, "c", 3), Outcome.PLACED, List.of()),
        argumentSet("duplicated: maxClusters reached within the budget is not a cap",
            workload("web").replicas(3).duplicated().maxClusters(2), List.of(A, B, C), List.of(pods("compute", 6, 0)),
            Map.of("a", 3, "b", 3), Outcome.PLACED, List.of()),
        argumentSet("per cluster set: the set's clusters fill, the rest go elsewhere",
            workload("web").replicas(5), List.of(A, B, C), List.of(euPods("eu-cap", 2)),
            Map.of("a", 2, "c", 3), Outcome.PLACED, List.of()),
        argumentSet("per cluster set: capped where only the set's clusters may be used",
            workload("web").replicas(5).inRegions(List.of("eu-west")), List.of(A, B, C), List.of(euPods("eu-cap", 2)),
            Map.of("a", 2), Outcome.PARTIAL, List.of("quota eu-cap (cluster set eu): pods 2/2 used")),
        argumentSet("several budgets: the tightest stops it, named alone",
            workload("web").replicas(6), List.of(A, B, C), List.of(pods("compute", 10, 0), cpu("cpu-cap", 1500)),
            Map.of("a", 3), Outcome.PARTIAL, List.of("quota cpu-cap: requests.cpu 1500m/1500m used")),
        argumentSet("a fleet budget and a set budget together",
            workload("web").replicas(6), List.of(A, B, C), List.of(pods("compute", 4, 0), euPods("eu-cap", 1)),
            Map.of("a", 1, "c", 3), Outcome.PARTIAL,
            List.of("quota compute: pods 4/4 used", "quota eu-cap (cluster set eu): pods 1/1 used")),
        argumentSet("minReplicasPerCluster: a cluster that cannot get its minimum gets none",
            workload("web").replicas(6).minPerCluster(3).maxPerCluster(3), List.of(A, B, C), List.of(pods("compute", 5, 0)),
            Map.of("a", 3), Outcome.PARTIAL, List.of("quota compute: pods 3/5 used")),
        argumentSet("a move is not charged twice: failover within a budget its replicas fill",
            workload("web").replicas(4).current("x", 4), List.of(failed, A), List.of(pods("compute", 4, 0)),
            Map.of("a", 4), Outcome.PLACED, List.of()),
        argumentSet("a scale-up past the budget is capped, the running replicas stay",
            workload("web").replicas(6).current("a", 4), List.of(running, B), List.of(pods("compute", 5, 0)),
            Map.of("a", 5), Outcome.PARTIAL, List.of("quota compute: pods 5/5 used")),
        argumentSet("a scale-down within the budget",
            workload("web").replicas(2).current("a", 4), List.of(running, B), List.of(pods("compute", 2, 0)),
            Map.of("a", 2), Outcome.PLACED, List.of()));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("budgets")
  void neverPlacesBeyondABudget(
      Fleet.WorkloadBuilder builder,
      List<Cluster> clusters,
      List<Budget> budgets,
      Map<String, Integer> expected,
      Outcome outcome,
      List<String> reached) {
    Decision decision = place(builder.build(), clusters, budgets);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.outcome()).isEqualTo(outcome);
    assertThat(decision.quotaReached())
        .extracting(QuotaReached::message)
        .containsExactlyElementsOf(reached);
    assertThat(decision.problems()).containsAll(reached);
  }

  @Test
  void workloadsOfOneNamespaceShareItsBudgetInTheBatchsOrder() {
    Workload web = workload("web").replicas(4).build();
    Workload api = workload("api").replicas(4).build();

    List<Decision> decisions =
        new PlacementEngine()
            .placeAll(
                List.of(web, api),
                List.of(A, B),
                Map.of(),
                Map.of("shop", List.of(pods("compute", 6, 0))),
                NOW,
                Detail.BRIEF);

    // api comes first by name and takes its 4; web gets what is left.
    assertThat(decisions.get(0).replicas()).containsExactlyEntriesOf(Map.of("a", 4));
    assertThat(decisions.get(0).outcome()).isEqualTo(Outcome.PLACED);
    assertThat(decisions.get(1).placedReplicas()).isEqualTo(2);
    assertThat(decisions.get(1).outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(decisions.get(1).problems()).containsExactly("quota compute: pods 6/6 used");
  }

  @Test
  void runningReplicasKeepTheirRoomBeforeAnotherWorkloadOfTheBatchIsGivenAny() {
    // web runs 5; api is new. api comes first by name, but may only have what web's running
    // replicas leave: a quota never takes running replicas from one workload to start another's.
    Workload api = workload("api").replicas(5).build();
    Workload web = workload("web").replicas(5).current("a", 5).build();

    List<Decision> decisions =
        new PlacementEngine()
            .placeAll(
                List.of(web, api),
                List.of(A, B),
                Map.of(),
                Map.of("shop", List.of(pods("compute", 7, 0))),
                NOW,
                Detail.BRIEF);

    assertThat(decisions.get(0).placedReplicas()).isEqualTo(2);
    assertThat(decisions.get(0).problems()).containsExactly("quota compute: pods 7/7 used");
    assertThat(decisions.get(1).replicas()).containsExactlyEntriesOf(Map.of("a", 5));
    assertThat(decisions.get(1).outcome()).isEqualTo(Outcome.PLACED);
  }

  @Test
  void otherNamespacesAreNotChargedNorLimited() {
    Workload shop = workload("web").replicas(4).build();
    Workload other = workload("other", "web").replicas(4).build();
    Workload tight = workload("tight", "web").replicas(4).build();

    List<Decision> decisions =
        new PlacementEngine()
            .placeAll(
                List.of(shop, other, tight),
                List.of(A, B),
                Map.of(),
                Map.of(
                    "shop", List.of(pods("compute", 4, 0)),
                    "tight", List.of(pods("compute", 1, 0))),
                NOW,
                Detail.BRIEF);

    assertThat(decisions).extracting(Decision::placedReplicas).containsExactly(4, 4, 1);
    assertThat(decisions)
        .extracting(Decision::outcome)
        .containsExactly(Outcome.PLACED, Outcome.PLACED, Outcome.PARTIAL);
  }

  @Test
  void aStrictCouplingGroupIsPlacedInFullWithinTheBudgetOrNotAtAll() {
    Workload web = workload("web").replicas(3).couple("db", CouplingType.STRICT, null, 0).build();
    Workload db = workload("db").replicas(3).couple("web", CouplingType.STRICT, null, 0).build();

    List<Decision> tooLittle = placeAll(List.of(web, db), pods("compute", 5, 0));
    List<Decision> enough = placeAll(List.of(web, db), pods("compute", 6, 0));

    assertThat(tooLittle).allSatisfy(d -> assertThat(d.replicas()).isEmpty());
    assertThat(tooLittle.getFirst().summary())
        .endsWith(
            "3 not in the cluster of the Strict coupling group shop/db, shop/web (no single"
                + " cluster fits all within the namespace's quotas)");
    assertThat(tooLittle).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Outcome.UNSCHEDULABLE));
    assertThat(enough).allSatisfy(d -> assertThat(d.placedReplicas()).isEqualTo(3));
    assertThat(enough.get(0).replicas().keySet()).isEqualTo(enough.get(1).replicas().keySet());
  }

  private static List<Decision> placeAll(List<Workload> workloads, Budget budget) {
    return new PlacementEngine()
        .placeAll(
            workloads,
            List.of(A, B, C),
            Map.of(),
            Map.of("shop", List.of(budget)),
            NOW,
            Detail.BRIEF);
  }

  @Test
  void theSummaryAndEachClusterThatCouldHaveTakenMoreNameTheQuota() {
    Decision decision =
        place(
            workload("web").replicas(6).build(), List.of(A, B, C), List.of(pods("compute", 10, 6)));

    assertThat(decision.summary())
        .isEqualTo(
            "4/6 replicas on 1 cluster (a 4); 3/3 clusters fit; quota compute: pods 10/10 used");
    assertThat(List.of("a", "b", "c"))
        .allSatisfy(
            c ->
                assertThat(verdict(decision, c).quota())
                    .isEqualTo("quota compute: pods 10/10 used"));
  }

  @Test
  void aSetBudgetThatMovedReplicasElsewhereIsInTheVerdictsOfItsClustersOnly() {
    Decision decision =
        place(workload("web").replicas(5).build(), List.of(A, B, C), List.of(euPods("eu-cap", 2)));

    assertThat(decision.problems()).isEmpty();
    assertThat(decision.quotaReached()).isEmpty();
    assertThat(verdict(decision, "a").quota())
        .isEqualTo("quota eu-cap (cluster set eu): pods 2/2 used");
    assertThat(verdict(decision, "b").quota())
        .isEqualTo("quota eu-cap (cluster set eu): pods 2/2 used");
    assertThat(verdict(decision, "c").quota()).isNull();
  }

  @Test
  void withoutBudgetsNoVerdictMentionsAQuota() {
    Decision decision = place(workload("web").replicas(40).build(), List.of(A, B, C), List.of());

    assertThat(decision.verdicts()).allSatisfy(v -> assertThat(v.quota()).isNull());
    assertThat(decision.quotaReached()).isEmpty();
  }
}
