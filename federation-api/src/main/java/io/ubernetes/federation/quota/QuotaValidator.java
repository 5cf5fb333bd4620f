package io.ubernetes.federation.quota;

import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetLimit;
import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuota;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import java.util.HashSet;
import java.util.Set;

/** The rules of a {@link FederatedResourceQuota}'s spec, each error naming its field. */
final class QuotaValidator {
  static final int MAX_HEADROOM_PERCENT = 1000;
  private static final int MAX_LABEL = 63;

  private QuotaValidator() {}

  static void validate(ObjectMeta metadata, QuotaSpec spec, FieldErrors errors) {
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
    if (member != null
        && Boolean.TRUE.equals(member.enabled())
        && metadata.namespace() != null
        && metadata.name() != null) {
      String label =
          WireLabels.workload(metadata.namespace(), MemberQuotaWork.itemName(metadata.name()));
      if (label.length() > MAX_LABEL) {
        // The agents label a member quota's ResourceQuota as they label a workload's objects.
        errors.add(
            "metadata.name",
            "with its namespace, at most "
                + (MAX_LABEL - 1 - MemberQuotaWork.itemName("").length())
                + " characters while spec.memberQuota is enabled: member clusters label its"
                + " ResourceQuota "
                + WireLabels.workload("<namespace>", MemberQuotaWork.itemName("<name>"))
                + ", and a label value holds "
                + MAX_LABEL);
      }
    }
  }
}
