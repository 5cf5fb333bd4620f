package io.ubernetes.federation.workload;

import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.ServiceReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.workload.WorkloadReports.ClusterWorkload;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one class that reads and writes {@code agent_reports}: each batch in one statement, each read
 * giving back what the statements that joined the table with others gave.
 */
class WorkloadReportsIT extends ApiIntegrationTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  @Autowired private WorkloadReports reports;
  @Autowired private TransactionTemplate transactions;

  @Test
  void aReportThatSaysWhatIsStoredIsNoChange() {
    UUID uid = workloadUid();
    String cluster = unique("fingerprint");
    WorkloadReport stored = report(uid, 2, List.of(), List.of());
    WorkloadReport moreReady = report(uid, 3, List.of(), List.of());
    store(cluster, Map.of(uid, stored));

    assertThat(reports.changed(cluster, Map.of(uid, stored))).isEmpty();
    assertThat(reports.changed(cluster, Map.of(uid, moreReady))).containsOnlyKeys(uid);
    assertThat(reports.changed(unique("other"), Map.of(uid, stored))).containsOnlyKeys(uid);
    assertThat(reports.of(List.of(uid)).get(uid).get(cluster).readyReplicas()).isEqualTo(2);
  }

  @Test
  void waitingSinceGivesEachWorkloadTheLatestTimeItsPodsBeganToWaitBeforeTheCutoff() {
    UUID uid = workloadUid();
    UUID notYet = workloadUid();
    store(unique("early"), Map.of(uid, waiting(uid, "2026-12-06T09:00:00Z")));
    store(unique("later"), Map.of(uid, waiting(uid, "2026-12-06T09:30:00Z")));
    store(unique("recent"), Map.of(uid, waiting(uid, "2026-12-06T09:58:00Z")));
    store(unique("recent"), Map.of(notYet, waiting(notYet, "2026-12-06T09:58:00Z")));

    Map<UUID, Instant> overdue = reports.waitingSince(NOW.minusSeconds(300));

    assertThat(overdue.get(uid)).isEqualTo(Instant.parse("2026-12-06T09:30:00Z"));
    assertThat(overdue).doesNotContainKey(notYet);
    assertThat(reports.unschedulable(List.of(uid)).get(uid)).hasSize(3);
  }

  @Test
  void servicesAreReadForTheGivenClustersAndWorkloadsOnly() {
    UUID uid = workloadUid();
    String serving = unique("serving");
    String tombstoned = unique("tombstoned");
    ServiceReport web = new ServiceReport("web", List.of("203.0.113.7"), 2);
    store(serving, Map.of(uid, report(uid, 2, List.of(web), List.of())));
    store(tombstoned, Map.of(uid, report(uid, 2, List.of(web), List.of())));

    Map<UUID, Map<String, List<ServiceReport>>> services =
        reports.services(List.of(new ClusterWorkload(serving, uid)));

    assertThat(services).containsOnlyKeys(uid);
    assertThat(services.get(uid)).containsOnlyKeys(serving);
    assertThat(services.get(uid).get(serving)).containsExactly(web);
  }

  @Test
  void forgetsThePairsItIsGivenAndEverythingOfARemovedCluster() {
    UUID uid = workloadUid();
    String kept = unique("kept");
    String tombstoned = unique("tombstoned");
    String removed = unique("removed");
    store(kept, Map.of(uid, report(uid, 1, List.of(), List.of())));
    store(tombstoned, Map.of(uid, report(uid, 1, List.of(), List.of())));
    store(removed, Map.of(uid, report(uid, 1, List.of(), List.of())));

    transactions.executeWithoutResult(
        status -> {
          reports.forget(List.of(new ClusterWorkload(tombstoned, uid)));
          reports.forget(removed);
        });

    assertThat(reports.of(List.of(uid)).get(uid)).containsOnlyKeys(kept);
    assertThat(reports.readyReplicas(List.of(uid)).get(uid)).containsOnlyKeys(kept);
  }

  @Test
  void theWorkloadRevisionAndRestartsAreStoredAndReadBack() {
    UUID uid = workloadUid();
    String cluster = unique("revised");
    store(cluster, Map.of(uid, revised(uid, 3, 2)));

    ClusterReport read = reports.of(List.of(uid)).get(uid).get(cluster);

    assertThat(read.workloadRevision()).isEqualTo(3);
    assertThat(read.restarts()).isEqualTo(2);
    assertThat(read.applied()).isTrue();
    assertThat(read.replicas()).isEqualTo(3);
  }

  @Test
  void aReportThatChangesOnlyTheRevisionOrTheRestartsIsAChange() {
    UUID uid = workloadUid();
    String cluster = unique("restarting");
    store(cluster, Map.of(uid, revised(uid, 3, 2)));

    assertThat(reports.changed(cluster, Map.of(uid, revised(uid, 3, 2)))).isEmpty();
    assertThat(reports.changed(cluster, Map.of(uid, revised(uid, 3, 5)))).containsOnlyKeys(uid);
    assertThat(reports.changed(cluster, Map.of(uid, revised(uid, 4, 2)))).containsOnlyKeys(uid);
  }

  @Test
  void anAgentThatTellsNoRevisionNorRestartsIsReadAsNotTelling() {
    UUID uid = workloadUid();
    String cluster = unique("older-agent");
    store(cluster, Map.of(uid, report(uid, 3, List.of(), List.of())));

    ClusterReport read = reports.of(List.of(uid)).get(uid).get(cluster);

    assertThat(read.workloadRevision()).isNull();
    assertThat(read.restarts()).isNull();
  }

  @Test
  void impossibleRevisionsAndRestartsAreStoredAsNotTold() {
    UUID uid = workloadUid();
    String cluster = unique("confused");
    store(cluster, Map.of(uid, revised(uid, 0, -4)));

    ClusterReport read = reports.of(List.of(uid)).get(uid).get(cluster);

    assertThat(read.workloadRevision()).isNull();
    assertThat(read.restarts()).isNull();
  }

  @Test
  void objectsAreStoredReadBackAndPartOfWhatMakesAChange() {
    UUID uid = workloadUid();
    String cluster = unique("objects");
    ObjectStatus failed =
        new ObjectStatus(
            "batch/v1",
            "Job",
            "shop",
            "migrate",
            ObjectStatus.DEGRADED,
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit",
            Map.of("failed", 4, "reasons", List.of("BackoffLimitExceeded")));
    store(cluster, Map.of(uid, withObjects(uid, failed)));

    assertThat(reports.of(List.of(uid)).get(uid).get(cluster).objects()).containsExactly(failed);
    assertThat(reports.changed(cluster, Map.of(uid, withObjects(uid, failed)))).isEmpty();
    ObjectStatus running =
        new ObjectStatus(
            "batch/v1", "Job", "shop", "migrate", ObjectStatus.PROGRESSING, "Running", null, null);
    assertThat(reports.changed(cluster, Map.of(uid, withObjects(uid, running))))
        .containsOnlyKeys(uid);
  }

  private static WorkloadReport withObjects(UUID uid, ObjectStatus... objects) {
    return new WorkloadReport(
        uid.toString(),
        1,
        true,
        0,
        0,
        List.of(),
        List.of(),
        null,
        null,
        List.of(),
        1,
        0,
        List.of(objects));
  }

  private void store(String cluster, Map<UUID, WorkloadReport> batch) {
    List<UUID> stored =
        transactions.execute(status -> reports.store(cluster, new LinkedHashMap<>(batch), NOW));
    assertThat(stored).containsExactlyElementsOf(batch.keySet());
  }

  private UUID workloadUid() {
    String name = unique("reported");
    return UUID.fromString(
        api.post("/api/v1/namespaces/shop/workloads", workload(name)).at("/metadata/uid"));
  }

  private static WorkloadReport report(
      UUID uid, int ready, List<ServiceReport> services, List<PodIssue> issues) {
    return new WorkloadReport(
        uid.toString(),
        1,
        true,
        3,
        ready,
        List.of(),
        services,
        null,
        null,
        issues,
        null,
        null,
        null);
  }

  private static WorkloadReport revised(UUID uid, int revision, int restarts) {
    return new WorkloadReport(
        uid.toString(),
        1,
        true,
        3,
        3,
        List.of(),
        List.of(),
        3,
        3,
        List.of(),
        revision,
        restarts,
        null);
  }

  private static WorkloadReport waiting(UUID uid, String since) {
    return report(
        uid,
        0,
        List.of(),
        List.of(new PodIssue(PodIssue.UNSCHEDULABLE, "0/4 nodes are available", 3, since)));
  }
}
