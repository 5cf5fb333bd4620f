package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The scheduler's copy of its ledger and decisions, kept between passes, against a recount from the
 * database: equal after passes, scale changes, deletions and a takeover by another scheduler.
 */
class SchedulerStateIT extends SchedulingIntegrationTest {
  @Autowired private SchedulerState state;
  @Autowired private PlacementRepository repository;

  @Test
  void equalsARecountFromTheDatabaseAfterPassesAndDeletions() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 8, 0.01);
    cluster(run + "-dub", "eu-west", "cloud", 8, 0.03);
    workload("shop", run + "-web", 4, placement(""));
    workload("shop", run + "-api", 3, placement(""));
    workload("shop", run + "-gone", 2, placement(""));
    schedule();
    assertEqualsRecount();

    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/" + run + "-web", "{\"spec\": {\"replicas\": 6}}");
    assertThat(api.delete("/api/v1/namespaces/shop/workloads/" + run + "-gone").status())
        .isEqualTo(200);
    schedule();
    assertEqualsRecount();

    report(fra, "False", 8);
    schedule();
    schedule();

    assertEqualsRecount();
    assertThat(workloadStatus("shop", run + "-gone").status()).isEqualTo(404);
    assertThat(replicas("shop", run + "-web").values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(6);
  }

  /**
   * Another scheduler takes the lease and changes the decisions: here it forgets one, as if the
   * workload had never been placed. This scheduler, taking the lease back, reads everything again
   * and places that workload; with its copy of the previous epoch it would not.
   */
  @Test
  void readsEverythingAgainWhenItTakesTheLeaseBack() throws Exception {
    cluster(run + "-fra", "eu-central", "onprem", 8, 0.01);
    workload("shop", run + "-web", 2, placement(""));
    workload("shop", run + "-api", 2, placement(""));
    schedule();
    UUID forgotten = uid("shop", run + "-api");
    long epochBefore = state.snapshot().epoch();

    try (Connection other = dataSource.getConnection();
        Statement statement = other.createStatement()) {
      statement.execute(
          "update scheduler_lease set epoch = epoch + 1, holder = 'another scheduler'");
      execute(other, "delete from placement_decisions where workload_uid = ?", forgotten);
    }
    schedule();

    assertThat(state.snapshot().epoch()).isGreaterThan(epochBefore + 1);
    assertThat(api.get("/api/v1/namespaces/shop/workloads/" + run + "-api/placement").status())
        .isEqualTo(200);
    assertEqualsRecount();
  }

  private void assertEqualsRecount() {
    SchedulerState.Snapshot copy = state.snapshot();
    assertThat(copy.epoch()).as("read in an epoch").isPositive();
    assertThat(copy.shares()).isEqualTo(repository.shares());
    assertThat(copy.units()).isEqualTo(repository.units());
    assertThat(copy.decisions()).isEqualTo(repository.decisions());
    assertThat(state.committed(repository.reportedBeyondLedger()))
        .isEqualTo(repository.committedByCluster());
  }

  private UUID uid(String namespace, String name) {
    return UUID.fromString(workloadStatus(namespace, name).at("/metadata/uid"));
  }
}
