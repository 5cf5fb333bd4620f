package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.EU;
import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.Decision.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line summary and the verdicts that explain a decision. */
class DiagnosisTest {
  private static final String NOT_EU = "region not in [eu-central, eu-west]";
  private static final String NO_CPU = "insufficient cpu (need 500m)";
  private static final String MAINTENANCE = "taint maintenance=true:NoSchedule not tolerated";

  private static List<Cluster> outsideTheEu() {
    return List.of(
        cluster("iad").region("us-east").build(),
        cluster("sfo").region("us-west").build(),
        cluster("sin").region("ap-southeast").build());
  }

  private static Cluster maintenance(String name, String region) {
    return cluster(name)
        .region(region)
        .taint("maintenance", "true", TaintEffect.NO_SCHEDULE)
        .build();
  }

  @Test
  void summarizesAnInfeasibleWorkloadByReasonMostFrequentFirst() {
    List<Cluster> fleet = new ArrayList<>(outsideTheEu());
    fleet.add(cluster("fra-small").region("eu-central").cpu(400).build());
    fleet.add(cluster("dub-small").region("eu-west").cpu(1000).allocated(600, 0, 0).build());
    fleet.add(maintenance("fra-maint", "eu-central"));
    fleet.add(maintenance("dub-maint", "eu-west"));
    Workload ledger = workload("ledger").replicas(6).inRegions(EU).build();

    Decision decision = place(ledger, fleet.toArray(Cluster[]::new));

    assertThat(decision.summary())
        .isEqualTo(
            "0/6 replicas placed; 0/7 clusters fit: 3 region not in [eu-central, eu-west], 2"
                + " insufficient cpu (need 500m), 2 taint maintenance=true:NoSchedule not"
                + " tolerated");
    assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    assertThat(decision.filtered())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                NOT_EU, List.of("iad", "sfo", "sin"),
                NO_CPU, List.of("dub-small", "fra-small"),
                MAINTENANCE, List.of("dub-maint", "fra-maint")));
  }

  @Test
  void placesWhatFitsAndSummarizesTheRest() {
    List<Cluster> fleet = new ArrayList<>(outsideTheEu());
    fleet.add(cluster("fra-small").region("eu-central").cpu(400).build());
    fleet.add(maintenance("fra-maint", "eu-central"));
    fleet.add(maintenance("dub-maint", "eu-west"));
    // Room for 4 replicas of 500m.
    fleet.add(cluster("dub").region("eu-west").cpu(2000).build());
    Workload ledger = workload("ledger").replicas(6).inRegions(EU).build();

    Decision decision = place(ledger, fleet.toArray(Cluster[]::new));

    assertThat(decision.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("dub", 4));
    assertThat(decision.summary())
        .startsWith("4/6 replicas")
        .endsWith("; 1/7 clusters fit: 3 " + NOT_EU + ", 2 " + MAINTENANCE + ", 1 " + NO_CPU);
  }

  @Test
  void fullDetailHasAVerdictForEveryClusterAndBriefForTheChosenAndThreeRunnersUp() {
    List<Cluster> fleet = new ArrayList<>();
    for (int i = 6; i >= 1; i--) {
      fleet.add(cluster("p" + i).region("eu-west").price(i).build());
    }
    fleet.add(cluster("us").region("us-east").build());
    Workload web = workload("web").matchLabel(Fleet.REGION, "eu-west").build();

    Decision full = new PlacementEngine().place(web, fleet, Map.of(), NOW, Detail.FULL);
    Decision brief = new PlacementEngine().place(web, fleet, Map.of(), NOW, Detail.BRIEF);

    assertThat(full.replicas()).containsExactlyEntriesOf(Map.of("p1", 1));
    assertThat(full.verdicts())
        .extracting(ClusterVerdict::cluster)
        .containsExactly("p1", "p2", "p3", "p4", "p5", "p6", "us");
    assertThat(brief.verdicts())
        .extracting(ClusterVerdict::cluster)
        .containsExactly("p1", "p2", "p3", "p4");
    assertThat(brief.replicas()).isEqualTo(full.replicas());
    assertThat(brief.summary()).isEqualTo(full.summary());
    assertThat(brief.filtered()).isEqualTo(full.filtered());
    // The chosen cluster's verdict has the cost of its replica and of one more.
    ClusterVerdict p1 = brief.verdicts().getFirst();
    assertThat(p1.replicas()).isEqualTo(1);
    assertThat(p1.cost().total()).isLessThan(p1.nextReplica().total());
    assertThat(brief.verdicts().get(1).replicas()).isZero();
  }
}
