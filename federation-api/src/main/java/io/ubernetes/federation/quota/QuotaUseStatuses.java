package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetLimit;
import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetUse;
import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterUse;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import io.ubernetes.federation.resource.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a quota's status says the scheduler placed: {@code used} in all, per cluster and per limited
 * cluster set, the make-before-break {@code surplus}, and whether use is over a limit ({@code
 * Exceeded}). {@code hard} and {@code admitted} are admission's, kept as they are.
 */
final class QuotaUseStatuses {
  static final String EXCEEDED = "Exceeded";

  private QuotaUseStatuses() {}

  /**
   * @param members the clusters of the sets the quota limits, by set name
   */
  static QuotaStatus of(
      StoredQuota quota,
      QuotaStatus current,
      QuotaUsage usage,
      Map<String, Set<String>> members,
      Instant now) {
    String namespace = quota.namespace();
    QuotaAmounts limits = QuotaBudgets.limits(quota.spec().hard());
    QuotaAmounts placing = placement(limits);
    QuotaAmounts used = usage.total(namespace);
    List<String> over = new ArrayList<>();
    over(used, limits, "", over);

    List<ClusterUse> clusters = new ArrayList<>();
    for (String cluster : usage.clusters(namespace)) {
      clusters.add(
          new ClusterUse(
              cluster, usage.used(namespace, uid -> true, cluster::equals).written(placing)));
    }
    List<ClusterSetUse> sets = new ArrayList<>();
    for (ClusterSetLimit limit : quota.spec().clusterSets()) {
      QuotaAmounts setLimits = placement(QuotaBudgets.limits(limit.hard()));
      Set<String> inSet = members.getOrDefault(limit.name(), Set.of());
      QuotaAmounts setUsed = usage.used(namespace, uid -> true, inSet::contains);
      sets.add(
          new ClusterSetUse(
              limit.name(), setLimits.written(setLimits), setUsed.written(setLimits)));
      over(setUsed, setLimits, " (cluster set " + limit.name() + ")", over);
    }
    QuotaStatus base =
        current == null ? new QuotaStatus(null, null, null, null, null, null, null, null) : current;
    return new QuotaStatus(
        base.hard(),
        base.admitted(),
        used.written(limits),
        usage.surplus(namespace).written(placing),
        clusters,
        sets,
        over.isEmpty()
            ? Conditions.set(
                base.conditions(),
                EXCEEDED,
                "False",
                "WithinLimits",
                "what is placed is within every limit",
                quota.generation(),
                now)
            : Conditions.set(
                base.conditions(),
                EXCEEDED,
                "True",
                "OverLimit",
                "placed beyond the quota, nothing more is placed until use falls below it: "
                    + String.join(", ", over),
                quota.generation(),
                now),
        base.memberQuotas());
  }

  /** The limits on what the scheduler places: every one but the count of workloads. */
  private static QuotaAmounts placement(QuotaAmounts limits) {
    return new QuotaAmounts(
        limits.cpuMillis(), limits.memoryBytes(), limits.pods(), QuotaAmounts.UNLIMITED);
  }

  /** Adds {@code pods 12/10 used} for each resource used beyond its limit. */
  private static void over(QuotaAmounts used, QuotaAmounts limits, String scope, List<String> out) {
    Map<String, String> usedText = used.written(limits);
    Map<String, String> hardText = limits.written(limits);
    add(used.cpuMillis(), limits.cpuMillis(), QuotaAmounts.CPU, usedText, hardText, scope, out);
    add(
        used.memoryBytes(),
        limits.memoryBytes(),
        QuotaAmounts.MEMORY,
        usedText,
        hardText,
        scope,
        out);
    add(used.pods(), limits.pods(), QuotaAmounts.PODS, usedText, hardText, scope, out);
    add(
        used.workloads(),
        limits.workloads(),
        QuotaAmounts.WORKLOADS,
        usedText,
        hardText,
        scope,
        out);
  }

  private static void add(
      long used,
      long limit,
      String resource,
      Map<String, String> usedText,
      Map<String, String> hardText,
      String scope,
      List<String> out) {
    if (limit != QuotaAmounts.UNLIMITED && used > limit) {
      out.add(
          resource + " " + usedText.get(resource) + "/" + hardText.get(resource) + " used" + scope);
    }
  }
}
