package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetLimit;
import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetUse;
import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterUse;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.placement.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QuotaUseStatusesTest {
  private static final Instant NOW = Instant.parse("2026-12-07T11:00:00Z");
  private static final Resources UNIT = Resources.perReplica(500, 1L << 30);
  private static final UUID WEB = UUID.randomUUID();
  private static final UUID API = UUID.randomUUID();

  private static final QuotaUsage USAGE =
      new QuotaUsage(
          List.of(
              // web moves a replica from fra to dub: dub runs it already, fra still does.
              new QuotaUsage.Share("shop", WEB, "fra", 2, 3, UNIT),
              new QuotaUsage.Share("shop", WEB, "dub", 2, 2, UNIT),
              new QuotaUsage.Share("shop", API, "dub", 4, 4, UNIT),
              new QuotaUsage.Share("shop", UUID.randomUUID(), null, 0, 0, Resources.ZERO),
              new QuotaUsage.Share("bank", UUID.randomUUID(), "fra", 7, 7, UNIT)));

  @Test
  void countsWhatTheDecisionsWantInAllPerClusterAndPerSetWithTheMovesSurplusApart() {
    StoredQuota quota =
        quota(
            Map.of("pods", "10", "requests.cpu", "8", "count/federatedworkloads", "5"),
            List.of(new ClusterSetLimit("eu", Map.of("pods", "4"))));
    QuotaStatus admitted =
        new QuotaStatus(
            Map.of("pods", "10"), Map.of("pods", "12"), null, null, null, null, null, null);

    QuotaStatus status =
        QuotaUseStatuses.of(quota, admitted, USAGE, Map.of("eu", Set.of("fra")), NOW);

    assertThat(status.used())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("pods", "8", "requests.cpu", "4", "count/federatedworkloads", "3"));
    assertThat(status.clusters())
        .containsExactly(
            new ClusterUse("dub", Map.of("pods", "6", "requests.cpu", "3")),
            new ClusterUse("fra", Map.of("pods", "2", "requests.cpu", "1")));
    assertThat(status.clusterSets())
        .containsExactly(new ClusterSetUse("eu", Map.of("pods", "4"), Map.of("pods", "2")));
    assertThat(status.surplus())
        .containsExactlyInAnyOrderEntriesOf(Map.of("pods", "1", "requests.cpu", "500m"));
    // Admission's fields are admission's.
    assertThat(status.hard()).isEqualTo(admitted.hard());
    assertThat(status.admitted()).isEqualTo(admitted.admitted());
    Condition exceeded = Conditions.find(status.conditions(), "Exceeded");
    assertThat(exceeded.status()).isEqualTo("False");
    assertThat(exceeded.observedGeneration()).isEqualTo(3L);
  }

  @Test
  void aQuotaLoweredBelowUseIsExceededNamingEachResourceAndSet() {
    StoredQuota quota =
        quota(
            Map.of("pods", "6", "requests.memory", "16Gi"),
            List.of(new ClusterSetLimit("eu", Map.of("pods", "1"))));

    QuotaStatus status = QuotaUseStatuses.of(quota, null, USAGE, Map.of("eu", Set.of("fra")), NOW);

    Condition exceeded = Conditions.find(status.conditions(), "Exceeded");
    assertThat(exceeded.status()).isEqualTo("True");
    assertThat(exceeded.reason()).isEqualTo("OverLimit");
    assertThat(exceeded.message())
        .endsWith("pods 8/6 used, pods 2/1 used (cluster set eu)")
        .doesNotContain("memory");
  }

  private static StoredQuota quota(Map<String, String> hard, List<ClusterSetLimit> sets) {
    return new StoredQuota(
        UUID.randomUUID(), "shop", "compute", 3, new QuotaSpec(hard, sets, null));
  }
}
