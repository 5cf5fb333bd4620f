package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetLimit;
import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuota;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.util.HashSet;
import java.util.Set;

/** The rules of a {@link FederatedResourceQuota}'s spec, each error naming its field. */
final class QuotaValidator {
  static final int MAX_HEADROOM_PERCENT = 1000;

  private QuotaValidator() {}

  static void validate(QuotaSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return;
    }
    QuotaAmounts.limits(spec.hard(), "spec.hard", errors);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.clusterSets().size(); i++) {
      String at = "spec.clusterSets[" + i + "]";
      ClusterSetLimit limit = spec.clusterSets().get(i);
      if (limit == null) {
        errors.required(at);
        continue;
      }
      KubernetesValidation.dnsLabel(limit.name(), at + ".name", errors);
      if (limit.name() != null && !names.add(limit.name())) {
        errors.add(at + ".name", "Duplicate value: \"" + limit.name() + "\"");
      }
      QuotaAmounts.limits(limit.hard(), at + ".hard", errors);
    }
    MemberQuota member = spec.memberQuota();
    if (member != null) {
      errors.range(
          "spec.memberQuota.headroomPercent", member.headroomPercent(), 0, MAX_HEADROOM_PERCENT);
    }
  }
}
