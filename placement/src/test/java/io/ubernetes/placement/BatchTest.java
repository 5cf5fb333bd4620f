package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.key;
import static io.ubernetes.placement.Fleet.placeAll;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ubernetes.placement.Decision.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Batches place workloads in (namespace, name) order, each taking what it gets from the rest. */
class BatchTest {
  @Test
  void batchNeverOvercommitsACluster() {
    // Room for 6 replicas of 500m; each workload wants 4.
    Cluster only = cluster("only").cpu(3000).build();

    List<Decision> decisions =
        placeAll(
            List.of(workload("web").replicas(4).build(), workload("api").replicas(4).build()),
            only);

    assertThat(decisions).extracting(Decision::workload).containsExactly(key("api"), key("web"));
    assertThat(decisions.get(0).replicas()).containsExactlyEntriesOf(Map.of("only", 4));
    assertThat(decisions.get(1).replicas()).containsExactlyEntriesOf(Map.of("only", 2));
    assertThat(decisions.get(1).outcome()).isEqualTo(Outcome.PARTIAL);
  }

  @Test
  void placesWorkloadsInNamespaceThenNameOrder() {
    Cluster only = cluster("only").cpu(2000).build();
    Workload zetaInAlpha = workload("alpha", "zeta").replicas(4).build();
    Workload alphaInBeta = workload("beta", "alpha").replicas(4).build();

    List<Decision> decisions = placeAll(List.of(alphaInBeta, zetaInAlpha), only);

    assertThat(decisions.get(0).workload()).isEqualTo(new WorkloadKey("alpha", "zeta"));
    assertThat(decisions.get(0).placedReplicas()).isEqualTo(4);
    assertThat(decisions.get(1).outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
  }

  @Test
  void capacityFreedByAnEarlierWorkloadIsAvailableToALaterOne() {
    // "a" runs 4 replicas on x, which it may no longer use; "b" may use only x, which is full.
    Cluster x = cluster("x").label("pool", "shared").cpu(2000).allocated(2000, 0, 4).build();
    Cluster y = cluster("y").label("pool", "a").build();
    Workload a = workload("a").replicas(4).matchLabel("pool", "a").current("x", 4).build();
    Workload b = workload("b").replicas(4).matchLabel("pool", "shared").build();
    Workload latecomer = workload("0-latecomer").replicas(4).matchLabel("pool", "shared").build();

    List<Decision> freed = placeAll(List.of(b, a), x, y);
    List<Decision> tooEarly = placeAll(List.of(latecomer, a), x, y);

    assertThat(freed.get(0).replicas()).containsExactlyEntriesOf(Map.of("y", 4));
    assertThat(freed.get(1).replicas()).containsExactlyEntriesOf(Map.of("x", 4));
    assertThat(tooEarly.get(0).workload()).isEqualTo(key("0-latecomer"));
    assertThat(tooEarly.get(0).outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
  }

  @Test
  void laterWorkloadsCoupleToEarlierDecisionsOfTheSameBatch() {
    // "api" is placed first; "web" must not share its cluster.
    Workload api = workload("api").build();
    Workload web =
        workload("web").couple("api", PlacementSpec.CouplingType.ANTI_AFFINITY, null, 0).build();

    List<Decision> decisions =
        placeAll(List.of(web, api), cluster("a").build(), cluster("b").build());

    assertThat(decisions.get(0).replicas()).containsExactlyEntriesOf(Map.of("a", 1));
    assertThat(decisions.get(1).replicas()).containsExactlyEntriesOf(Map.of("b", 1));
  }

  @Test
  void rejectsTheSameWorkloadTwiceInOneBatch() {
    Workload web = workload("web").build();

    assertThatThrownBy(() -> placeAll(List.of(web, web), cluster("a").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shop/web");
  }
}
