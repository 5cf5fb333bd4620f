package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RolloutStatus;
import io.ubernetes.federation.workload.WorkloadStatus;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table rows are a function of the object and the time: the cells kubectl prints, column by column.
 */
class TablesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Tables TABLES = new Tables(List.of(new WorkloadColumns()));

  static Stream<Arguments> ages() {
    return Stream.of(
        argumentSet("seconds", Duration.ofSeconds(45), "45s"),
        argumentSet("under two minutes in seconds", Duration.ofSeconds(119), "119s"),
        argumentSet("minutes and seconds", Duration.ofSeconds(310), "5m10s"),
        argumentSet("whole minutes", Duration.ofMinutes(7), "7m"),
        argumentSet("minutes up to three hours", Duration.ofMinutes(150), "150m"),
        argumentSet("hours and minutes", Duration.ofMinutes(3 * 60 + 20), "3h20m"),
        argumentSet("hours up to two days", Duration.ofHours(30), "30h"),
        argumentSet("days and hours", Duration.ofHours(52), "2d4h"),
        argumentSet("days", Duration.ofDays(400), "400d"),
        argumentSet("years and days", Duration.ofDays(3 * 365 + 20), "3y20d"),
        argumentSet("a clock slightly behind", Duration.ofMillis(-500), "0s"),
        argumentSet("a future timestamp", Duration.ofSeconds(-30), "<invalid>"));
  }

  @ParameterizedTest
  @MethodSource("ages")
  void agesReadAsKubectlPrintsThem(Duration age, String printed) {
    assertThat(Age.of(age)).isEqualTo(printed);
  }

  @Test
  void aWorkloadRowSaysHowManyAreReadyAndWhereEachShareRuns() {
    FederatedWorkload workload =
        new FederatedWorkload(
            FederatedWorkload.API_VERSION,
            FederatedWorkload.KIND,
            new ObjectMeta(
                "web", "shop", Map.of("app", "web"), null, "uid", "12", 1L, "2026-12-06T11:55:00Z"),
            null,
            new WorkloadStatus(
                1L,
                List.of(new Condition("Ready", "False", "Progressing", "", null, 1L)),
                List.of(
                    new ClusterReplicas("onprem-fra", 2, null, 2, 2, 2, "Healthy", null),
                    new ClusterReplicas("aws-eu-west", 4, null, 4, 1, 1, "Progressing", null),
                    new ClusterReplicas("gcp-idle", 0, null, 0, 0, 0, "Healthy", null)),
                6,
                6,
                6,
                3,
                3));

    Map<String, Object> row = TABLES.row(workload, NOW, IncludeObject.NONE);

    assertThat(row.get("cells"))
        .isEqualTo(
            List.of(
                "web",
                6,
                "3/6",
                2,
                "<none>",
                "<none>",
                "aws-eu-west=4,onprem-fra=2",
                "5m",
                "<none>",
                "Progressing"));
    assertThat(row).doesNotContainKey("object");
    assertThat(TABLES.columns(FederatedWorkload.KIND)).hasSize(((List<?>) row.get("cells")).size());
  }

  @Test
  void aWorkloadRowShowsTheRevisionsAndTheStageOfItsRollout() {
    RolloutStatus waiting =
        new RolloutStatus(
            2, 3, "Waiting", "eu", "Approval", "2026-12-06T11:58:00Z", null, null, List.of());
    RolloutStatus complete =
        new RolloutStatus(3, 3, "Complete", "rest", null, null, null, null, List.of());

    List<?> rolling = cells(waiting);
    List<?> done = cells(complete);

    assertThat(rolling.subList(4, 6)).isEqualTo(List.of("2->3", "Waiting eu"));
    assertThat(done.subList(4, 6)).isEqualTo(List.of("3", "Complete"));
  }

  private static List<?> cells(RolloutStatus rollout) {
    FederatedWorkload workload =
        new FederatedWorkload(
            FederatedWorkload.API_VERSION,
            FederatedWorkload.KIND,
            new ObjectMeta("web", "shop", null, null, "uid", "12", 1L, "2026-12-06T11:55:00Z"),
            null,
            WorkloadStatus.NONE.withRollout(List.of(), rollout));
    return (List<?>) TABLES.row(workload, NOW, IncludeObject.NONE).get("cells");
  }
}
