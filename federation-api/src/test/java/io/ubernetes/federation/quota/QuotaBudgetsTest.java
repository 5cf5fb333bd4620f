package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetLimit;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import io.ubernetes.placement.Budget;
import io.ubernetes.placement.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QuotaBudgetsTest {
  private static final long NONE = Budget.UNLIMITED;
  private static final Resources UNIT = Resources.perReplica(500, 1L << 30);
  private static final UUID WEB = UUID.randomUUID();
  private static final UUID API = UUID.randomUUID();

  /** web runs 2 in fra and 2 in dub, api 3 in dub; bank's workload is not shop's concern. */
  private static final QuotaUsage USAGE =
      new QuotaUsage(
          List.of(
              new QuotaUsage.Share("shop", WEB, "fra", 2, 2, UNIT),
              new QuotaUsage.Share("shop", WEB, "dub", 2, 2, UNIT),
              new QuotaUsage.Share("shop", API, "dub", 3, 3, UNIT),
              new QuotaUsage.Share("bank", UUID.randomUUID(), "fra", 9, 9, UNIT)));

  @Test
  void aFleetLimitLeavesTheBatchWhatTheNamespacesOtherWorkloadsDoNotUse() {
    List<Budget> budgets =
        QuotaBudgets.of(
            List.of(quota(Map.of("pods", "10"), List.of())), USAGE, Map.of(), Set.of(WEB));

    assertThat(budgets)
        .containsExactly(
            Budget.fleet(
                "compute", new Resources(NONE, NONE, 10), new Resources(1500, 3L << 30, 3)));
  }

  @Test
  void aSetLimitIsScopedToTheSetsClustersAndCountsOnlyWhatRunsThere() {
    List<Budget> budgets =
        QuotaBudgets.of(
            List.of(
                quota(
                    Map.of("count/federatedworkloads", "5"),
                    List.of(new ClusterSetLimit("eu", Map.of("requests.cpu", "2"))))),
            USAGE,
            Map.of("eu", Set.of("fra")),
            Set.of(API));

    // The workload count is admission's: no fleet budget for it.
    assertThat(budgets)
        .containsExactly(
            Budget.clusterSet(
                "compute",
                "eu",
                Set.of("fra"),
                new Resources(2000, NONE, NONE),
                new Resources(1000, 2L << 30, 2)));
  }

  @Test
  void aQuotaLoweredBelowUseKeepsWhatIsPlacedAsItsLimit() {
    List<Budget> budgets =
        QuotaBudgets.of(
            List.of(quota(Map.of("pods", "3", "requests.cpu", "100"), List.of())),
            USAGE,
            Map.of(),
            Set.of(WEB, API));

    // 7 pods are placed: the limit the engine gets is 7, so nothing is evicted and nothing added.
    assertThat(budgets)
        .containsExactly(Budget.fleet("compute", new Resources(100_000, NONE, 7), Resources.ZERO));
  }

  @Test
  void aSetThatDoesNotExistHasNoClustersToLimit() {
    List<Budget> budgets =
        QuotaBudgets.of(
            List.of(quota(Map.of(), List.of(new ClusterSetLimit("gone", Map.of("pods", "1"))))),
            USAGE,
            Map.of(),
            Set.of());

    assertThat(budgets.getFirst().clusters()).isEmpty();
  }

  private static StoredQuota quota(Map<String, String> hard, List<ClusterSetLimit> sets) {
    return new StoredQuota(
        UUID.randomUUID(), "shop", "compute", 1, new QuotaSpec(hard, sets, null));
  }
}
