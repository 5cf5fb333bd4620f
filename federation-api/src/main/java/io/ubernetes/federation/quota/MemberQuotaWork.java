package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuotaUse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

/**
 * Where the native ResourceQuotas of member quotas go: the member clusters' work, which the agents'
 * side of the service keeps. It carries them out like any other work, and removes one only on an
 * explicit instruction from here.
 */
public interface MemberQuotaWork {
  /** The work item name of a quota's ResourceQuota: no workload can have it (no underscore). */
  static String itemName(String quota) {
    return "quota_" + quota;
  }

  /** The name of a quota's ResourceQuota in each member. */
  static String resourceQuotaName(String quota) {
    return "ubernetes-" + quota;
  }

  /**
   * One quota's ResourceQuotas as they are to be.
   *
   * @param hard their {@code spec.hard} by cluster; a cluster left out is to have none
   */
  record Desired(
      UUID quota, String namespace, String name, SortedMap<String, Map<String, String>> hard) {}

  /**
   * Brings the quotas' ResourceQuotas in the members to what they are to be, in the caller's
   * transaction, writing only those that change and removing those no longer wanted. Call with the
   * quotas locked.
   *
   * @return what the members say of the ResourceQuotas they are to have, by quota uid, in cluster
   *     order
   */
  Map<UUID, List<MemberQuotaUse>> publish(List<Desired> quotas, Instant now);
}
