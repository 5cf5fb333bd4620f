package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuota;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import java.math.BigInteger;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How large the native ResourceQuota of a quota with {@code spec.memberQuota} enabled is in each
 * member cluster: what the namespace holds there (its decided replicas, or more while a move still
 * runs them; a share whose replicas the member's autoscaler owns at the most replicas its workload
 * was admitted to run in one cluster, so that the member never stops the autoscaler short of what
 * the federation admitted), grown by the headroom so that replicas failing over or surging in a
 * rolling update fit, never above the quota's limit across the fleet and never below what is placed
 * there. Only the resources a member enforces itself: {@code requests.cpu}, {@code requests.memory}
 * and {@code pods}; a member has no count of federated workloads.
 */
final class MemberQuotaSizes {
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private MemberQuotaSizes() {}

  /**
   * The {@code spec.hard} of the quota's ResourceQuota in each cluster its namespace holds replicas
   * in, by cluster in name order; empty when the quota has no member quota or limits none of the
   * resources members enforce.
   */
  static SortedMap<String, Map<String, String>> of(StoredQuota quota, QuotaUsage usage) {
    SortedMap<String, Map<String, String>> sizes = new TreeMap<>();
    MemberQuota member = quota.spec().memberQuota();
    if (member == null || !Boolean.TRUE.equals(member.enabled())) {
      return sizes;
    }
    QuotaAmounts limits = enforced(QuotaBudgets.limits(quota.spec().hard()));
    if (limits.equals(QuotaAmounts.NO_LIMIT)) {
      return sizes;
    }
    int headroom = member.headroomPercent() == null ? 0 : member.headroomPercent();
    for (String cluster : usage.holding(quota.namespace())) {
      QuotaAmounts held = usage.held(quota.namespace(), cluster);
      QuotaAmounts reach = usage.reach(quota.namespace(), cluster);
      sizes.put(cluster, size(held, reach, limits, headroom).written(limits));
    }
    return sizes;
  }

  /**
   * The size of one cluster's ResourceQuota, resource by resource; see the class.
   *
   * @param held what is placed there
   * @param reach what may run there: {@code held}, with the autoscalers' room
   */
  static QuotaAmounts size(
      QuotaAmounts held, QuotaAmounts reach, QuotaAmounts limits, int headroomPercent) {
    return new QuotaAmounts(
        size(held.cpuMillis(), reach.cpuMillis(), limits.cpuMillis(), headroomPercent),
        size(held.memoryBytes(), reach.memoryBytes(), limits.memoryBytes(), headroomPercent),
        size(held.pods(), reach.pods(), limits.pods(), headroomPercent),
        0);
  }

  /** The limits a member enforces: every one but the count of workloads. */
  private static QuotaAmounts enforced(QuotaAmounts limits) {
    return new QuotaAmounts(
        limits.cpuMillis(), limits.memoryBytes(), limits.pods(), QuotaAmounts.UNLIMITED);
  }

  private static long size(long held, long reach, long limit, int headroomPercent) {
    BigInteger[] grown =
        BigInteger.valueOf(reach)
            .multiply(BigInteger.valueOf(100L + headroomPercent))
            .divideAndRemainder(HUNDRED);
    BigInteger up = grown[1].signum() == 0 ? grown[0] : grown[0].add(BigInteger.ONE);
    long capped = up.min(BigInteger.valueOf(limit)).longValueExact();
    return Math.max(held, capped);
  }
}
