package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuota;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import io.ubernetes.placement.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The size of each member's native ResourceQuota: share, surplus, headroom, caps, rounding. */
class MemberQuotaSizesTest {
  /** 333m and 768Mi a replica: headroom on it rounds in both. */
  private static final Resources UNIT = Resources.perReplica(333, 768L << 20);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "the share itself without headroom | requests.cpu=10;requests.memory=32Gi;pods=50 | 3 | 3"
            + " | 0 | requests.cpu=999m;requests.memory=2304Mi;pods=3",
        "headroom rounds cpu up to the millicore, memory to the byte, pods to the pod"
            + " | requests.cpu=10;requests.memory=32Gi;pods=50 | 3 | 3 | 10"
            + " | requests.cpu=1099m;requests.memory=2657511015;pods=4",
        "a move's surplus counts where it still runs | requests.cpu=10;requests.memory=32Gi;pods=50"
            + " | 2 | 3 | 0 | requests.cpu=999m;requests.memory=2304Mi;pods=3",
        "never above the fleet's limit | pods=4 | 3 | 3 | 50 | pods=4",
        "never below what is placed, even over a lowered limit | pods=2;requests.cpu=500m | 3 | 3"
            + " | 100 | pods=3;requests.cpu=999m",
        "only the resources a member enforces | cpu=4;count/federatedworkloads=3 | 3 | 3 | 0"
            + " | requests.cpu=999m",
        "memory in whole units where it divides | memory=64Gi | 4 | 4 | 0 | requests.memory=3Gi",
        "the limit itself when the headroom reaches it | requests.cpu=1 | 3 | 3 | 1000"
            + " | requests.cpu=1"
      })
  void sizesTheShareWithHeadroomWithinTheLimits(
      String name, String hard, int decided, int running, int headroom, String expected) {
    QuotaUsage usage =
        new QuotaUsage(
            List.of(
                new QuotaUsage.Share("shop", UUID.randomUUID(), "fra", decided, running, UNIT)));

    Map<String, Map<String, String>> sizes =
        MemberQuotaSizes.of(quota(map(hard), new MemberQuota(true, headroom)), usage);

    assertThat(sizes).containsOnlyKeys("fra");
    assertThat(sizes.get("fra")).containsExactlyInAnyOrderEntriesOf(map(expected));
  }

  @Test
  void eachClusterTheNamespaceHoldsReplicasInGetsItsOwnShareAndNoOtherCluster() {
    UUID web = UUID.randomUUID();
    QuotaUsage usage =
        new QuotaUsage(
            List.of(
                new QuotaUsage.Share("shop", web, "fra", 2, 2, UNIT),
                new QuotaUsage.Share("shop", UUID.randomUUID(), "fra", 1, 1, UNIT),
                // a move from dub is done: nothing left there
                new QuotaUsage.Share("shop", web, "dub", 0, 0, UNIT),
                // a move to ams has not started: the replica runs in fra still
                new QuotaUsage.Share("shop", web, "ams", 1, 0, UNIT),
                new QuotaUsage.Share("shop", UUID.randomUUID(), null, 0, 0, Resources.ZERO),
                new QuotaUsage.Share("bank", UUID.randomUUID(), "lon", 5, 5, UNIT)));

    Map<String, Map<String, String>> sizes =
        MemberQuotaSizes.of(quota(Map.of("pods", "20"), new MemberQuota(true, null)), usage);

    assertThat(sizes)
        .containsExactly(
            Map.entry("ams", Map.of("pods", "1")), Map.entry("fra", Map.of("pods", "3")));
  }

  @Test
  void anElasticShareHasRoomForWhatItsAutoscalerMayReachAsAdmittedWithinTheFleetsLimit() {
    UUID web = UUID.randomUUID();
    QuotaUsage usage =
        new QuotaUsage(
            List.of(
                // placed 2 in fra, whose autoscaler may take it to 6
                new QuotaUsage.Share("shop", web, "fra", 2, 2, UNIT, 6),
                new QuotaUsage.Share("shop", UUID.randomUUID(), "fra", 1, 1, UNIT),
                // an autoscaler that scaled below its share: the share still counts
                new QuotaUsage.Share("shop", web, "ams", 3, 3, UNIT, 2),
                // a share moved away: no autoscaler runs there any more
                new QuotaUsage.Share("shop", web, "dub", 0, 0, UNIT, 6)));

    Map<String, Map<String, String>> sizes =
        MemberQuotaSizes.of(quota(Map.of("pods", "20"), new MemberQuota(true, 50)), usage);
    Map<String, Map<String, String>> capped =
        MemberQuotaSizes.of(quota(Map.of("pods", "5"), new MemberQuota(true, 0)), usage);

    assertThat(sizes)
        .containsExactly(
            Map.entry("ams", Map.of("pods", "5")), Map.entry("fra", Map.of("pods", "11")));
    assertThat(capped)
        .containsExactly(
            Map.entry("ams", Map.of("pods", "3")), Map.entry("fra", Map.of("pods", "5")));
  }

  @Test
  void noMemberQuotaWhenItIsNotEnabledOrNoLimitIsAMembersToEnforce() {
    QuotaUsage usage =
        new QuotaUsage(List.of(new QuotaUsage.Share("shop", UUID.randomUUID(), "fra", 3, 3, UNIT)));

    assertThat(MemberQuotaSizes.of(quota(Map.of("pods", "9"), null), usage)).isEmpty();
    assertThat(MemberQuotaSizes.of(quota(Map.of("pods", "9"), new MemberQuota(false, 20)), usage))
        .isEmpty();
    assertThat(MemberQuotaSizes.of(quota(Map.of("pods", "9"), new MemberQuota(null, 20)), usage))
        .isEmpty();
    assertThat(
            MemberQuotaSizes.of(
                quota(Map.of("count/federatedworkloads", "9"), new MemberQuota(true, 20)), usage))
        .isEmpty();
  }

  private static StoredQuota quota(Map<String, String> hard, MemberQuota member) {
    return new StoredQuota(
        UUID.randomUUID(), "shop", "compute", 1, new QuotaSpec(hard, null, member));
  }

  private static Map<String, String> map(String entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : entries.split(";")) {
      String[] parts = entry.split("=", 2);
      map.put(parts[0].trim(), parts[1].trim());
    }
    return map;
  }
}
