package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.placeAll;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica runs on one node: clusters are checked node by node, from the free resources their
 * agents report per group of nodes, not only against their total free capacity.
 */
class NodeFitTest {
  private static final String NO_64_CPU = "no node has 64 CPU free (largest free 16)";

  /** Four nodes of 16 cores: 64 cores in all, but never 64 on one node. */
  private static Cluster sixteenCoreNodes(String name) {
    return cluster(name).cpu(64_000).memory(256 * GI).nodes(4, 16_000, 64 * GI, 110).build();
  }

  @Test
  void placesNoReplicaThatNoNodeCanHold() {
    Workload big = workload("big").replicas(2).cpu(64_000).build();

    Decision decision =
        place(
            big,
            sixteenCoreNodes("aws-eu-west"),
            sixteenCoreNodes("aws-us-east"),
            sixteenCoreNodes("gcp-eu-north"),
            sixteenCoreNodes("onprem-fra"));

    assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    assertThat(decision.replicas()).isEmpty();
    assertThat(decision.summary())
        .isEqualTo("0/2 replicas placed; 0/4 clusters fit: 4 " + NO_64_CPU);
  }

  @Test
  void namesTheResourceNoNodeHasEnoughOf() {
    Workload memoryHungry = workload("cache").cpu(1000).memory(256 * GI).build();
    Cluster a = cluster("a").cpu(64_000).memory(512 * GI).nodes(8, 8000, 64 * GI, 110).build();

    Decision decision = place(memoryHungry, a);

    assertThat(decision.filtered())
        .containsOnlyKeys("no node has 256Gi memory free (largest free 64Gi)");
  }

  @Test
  void namesResourcesThatNoNodeHasAtOnce() {
    Workload web = workload("web").cpu(8000).memory(32 * GI).build();
    // One node has the cpu, the other the memory; neither has both.
    Cluster a =
        cluster("a")
            .cpu(16_000)
            .memory(64 * GI)
            .nodes(1, 8000, 4 * GI, 110)
            .nodes(1, 2000, 48 * GI, 110)
            .build();

    Decision decision = place(web, a);

    assertThat(decision.filtered())
        .containsOnlyKeys("no node has 8 CPU and 32Gi memory free at once");
  }

  @Test
  void capsAClusterAtWhatFitsNodeByNode() {
    // 30 cores free in all would take five 6-core replicas; three nodes of 10 take only three.
    Cluster a = cluster("a").cpu(30_000).price(0.1).nodes(3, 10_000, 32 * GI, 110).build();
    Cluster b = cluster("b").cpu(64_000).price(1).build();
    Workload web = workload("web").replicas(5).cpu(6000).build();

    Decision decision = place(web, a, b);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 2));
    assertThat(verdict(decision, "a").capacity()).isEqualTo(3);
  }

  @Test
  void countsPodSlotsNodeByNode() {
    Cluster a =
        cluster("a").price(0.1).nodes(2, 8000, 32 * GI, 1).nodes(1, 8000, 32 * GI, 0).build();
    Cluster b = cluster("b").price(1).build();
    Workload web = workload("web").replicas(4).cpu(100).build();

    Decision decision = place(web, a, b);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
  }

  @Test
  void aClusterWithoutSchedulableNodesTakesNothing() {
    Cluster a = cluster("a").price(0.1).noNodes().build();
    Cluster b = cluster("b").price(1).build();

    Decision decision = place(workload("web").replicas(2).build(), a, b);

    assertThat(decision.replicas()).containsOnlyKeys("b");
    assertThat(verdict(decision, "a").reason()).startsWith("no node has 500m CPU free");
  }

  @Test
  void clustersThatDoNotReportNodesAreCheckedAgainstTheirTotalsAlone() {
    Cluster a = cluster("a").cpu(64_000).build();

    Decision decision = place(workload("big").replicas(1).cpu(64_000).build(), a);

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("a", 1));
  }

  @Test
  void aBatchFillsNodesAsItPlaces() {
    // Two nodes of 8 cores: the first workload's 5-core replicas take one node each, and the
    // second's find no node with 5 cores left, though the cluster has 6 free in all.
    Cluster a = cluster("a").cpu(16_000).price(0.1).nodes(2, 8000, 32 * GI, 110).build();
    Cluster b = cluster("b").cpu(64_000).price(1).build();
    Workload first = workload("a-first").replicas(2).cpu(5000).build();
    Workload second = workload("b-second").replicas(1).cpu(5000).build();

    List<Decision> decisions = placeAll(List.of(first, second), a, b);

    assertThat(decisions.get(0).replicas()).containsExactlyEntriesOf(Map.of("a", 2));
    assertThat(decisions.get(1).replicas()).containsExactlyEntriesOf(Map.of("b", 1));
  }

  @Test
  void keepsReplicasWhileTheirPodsAreUnschedulableForLessThanTheGrace() {
    Cluster a = cluster("a").cpu(16_000).nodes(2, 1000, 32 * GI, 110).build();
    Cluster b = cluster("b").cpu(64_000).build();
    Workload web =
        workload("web")
            .replicas(4)
            .cpu(4000)
            .current("a", 4)
            .unschedulable("a", 2, NOW.minusSeconds(30), false, "0/2 nodes are available")
            .build();

    Decision decision = place(web, a, b);

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("a", 4));
  }

  @Test
  void movesReplicasUnschedulableForLongerThanTheGraceAndSaysWhy() {
    Instant since = NOW.minus(Duration.ofMinutes(6));
    String member = "0/2 nodes are available: 2 Insufficient cpu.";
    Cluster a = cluster("a").cpu(16_000).price(0.1).nodes(2, 1000, 32 * GI, 110).build();
    Cluster b = cluster("b").cpu(64_000).price(1).build();
    Workload web =
        workload("web")
            .replicas(4)
            .cpu(4000)
            .current("a", 4)
            .unschedulable("a", 2, since, true, member)
            .build();

    Decision decision = place(web, a, b);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
    assertThat(decision.problems())
        .containsExactly(
            "2 replicas unschedulable on a since 2025-06-01T11:54:00Z ("
                + member
                + "): placed elsewhere");
  }

  @Test
  void aClusterThatCouldNotScheduleTheReplicasTakesNoneBackWhileHeldBack() {
    // The replicas left a, which now looks cheap and empty again; it stays out for the workload.
    Instant since = NOW.minus(Duration.ofMinutes(7));
    Cluster a = cluster("a").cpu(16_000).price(0.1).nodes(2, 8000, 32 * GI, 110).build();
    Cluster b = cluster("b").cpu(64_000).price(1).build();
    Workload web =
        workload("web")
            .replicas(2)
            .cpu(4000)
            .current("b", 2)
            .unschedulable("a", 0, since, true, "0/2 nodes are available: 2 node(s) had taints")
            .build();

    Decision decision = place(web, a, b);

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 2));
    assertThat(verdict(decision, "a").reason())
        .isEqualTo(
            "could not schedule its replicas since 2025-06-01T11:53:00Z (0/2 nodes are available:"
                + " 2 node(s) had taints)");
  }

  @Test
  void aClusterWhoseReplicasAreAllUnschedulableIsFilteredWithTheMembersReason() {
    Instant since = NOW.minus(Duration.ofMinutes(6));
    String member = "0/2 nodes are available: 2 Insufficient cpu.";
    Cluster a = cluster("a").cpu(16_000).price(0.1).nodes(2, 1000, 32 * GI, 110).build();
    Cluster b = cluster("b").cpu(64_000).price(1).build();
    Workload web =
        workload("web")
            .replicas(2)
            .cpu(4000)
            .current("a", 2)
            .unschedulable("a", 2, since, true, member)
            .build();

    Decision decision = place(web, a, b);

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 2));
    assertThat(verdict(decision, "a").reason())
        .isEqualTo("2 replicas unschedulable there since 2025-06-01T11:54:00Z (" + member + ")");
  }
}
