package io.ubernetes.federation.quota;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * Limits what the workloads of one namespace may use across the whole fleet (namespaced), the way a
 * Kubernetes ResourceQuota limits one cluster's namespace: enforced when a workload is written (a
 * write whose full desired replicas would pass a limit is refused with 403 {@code QuotaExceeded})
 * and by the scheduler, which never places beyond it. Every quota of a namespace applies.
 */
@Schema(name = "FederatedResourceQuota")
public record FederatedResourceQuota(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) QuotaSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) QuotaStatus status)
    implements ApiObject<FederatedResourceQuota.QuotaSpec, FederatedResourceQuota.QuotaStatus> {
  public static final String KIND = "FederatedResourceQuota";

  /**
   * @param hard the limits across the fleet, by resource name ({@code requests.cpu} or {@code cpu},
   *     {@code requests.memory} or {@code memory}, {@code pods}, {@code count/federatedworkloads})
   *     as Kubernetes quantities; a resource not named is not limited
   * @param clusterSets further limits on what the namespace uses in the clusters of one set
   * @param memberQuota whether each member cluster enforces the namespace's share there too
   */
  public record QuotaSpec(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> hard,
      List<ClusterSetLimit> clusterSets,
      MemberQuota memberQuota) {
    public QuotaSpec {
      hard = hard == null ? Map.of() : Map.copyOf(hard);
      clusterSets = clusterSets == null ? List.of() : List.copyOf(clusterSets);
    }
  }

  /**
   * @param name a ClusterSet's name
   * @param hard the limits on what the namespace uses in that set's clusters, as {@code
   *     QuotaSpec.hard}
   */
  public record ClusterSetLimit(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> hard) {
    public ClusterSetLimit {
      hard = hard == null ? Map.of() : Map.copyOf(hard);
    }
  }

  /**
   * @param enabled whether the federation keeps a native ResourceQuota in the namespace of each
   *     member cluster the namespace is placed in, sized to its share there
   * @param headroomPercent room above the share for replicas failing over there, in percent of the
   *     share (default 0)
   */
  public record MemberQuota(Boolean enabled, Integer headroomPercent) {}

  /**
   * @param hard the limits the quota enforces now, normalized ({@code cpu} as {@code requests.cpu})
   * @param admitted what the namespace's workloads ask for in full: the sum of their desired
   *     replicas' requests, as charged when they were written
   * @param used what the scheduler placed: the replicas each cluster is to run once moves complete
   * @param surplus what moves run beyond {@code used} while new replicas start before old ones go
   *     (make-before-break): allowed, and shown here
   * @param clusters {@code used} per member cluster
   * @param clusterSets per limited set, its limits and what is used in its clusters
   * @param conditions {@code Exceeded}: True while {@code used} is over a limit (a quota lowered
   *     below its use), naming the resources
   * @param memberQuotas with {@code spec.memberQuota} enabled, the native ResourceQuota of each
   *     member cluster the namespace has a share of, and whether that member applied it
   */
  public record QuotaStatus(
      Map<String, String> hard,
      Map<String, String> admitted,
      Map<String, String> used,
      Map<String, String> surplus,
      List<ClusterUse> clusters,
      List<ClusterSetUse> clusterSets,
      List<Condition> conditions,
      List<MemberQuotaUse> memberQuotas) {
    public QuotaStatus {
      hard = hard == null ? Map.of() : Map.copyOf(hard);
      admitted = admitted == null ? Map.of() : Map.copyOf(admitted);
      used = used == null ? Map.of() : Map.copyOf(used);
      surplus = surplus == null ? Map.of() : Map.copyOf(surplus);
      clusters = clusters == null ? List.of() : List.copyOf(clusters);
      clusterSets = clusterSets == null ? List.of() : List.copyOf(clusterSets);
      conditions = conditions == null ? List.of() : List.copyOf(conditions);
      memberQuotas = memberQuotas == null ? List.of() : List.copyOf(memberQuotas);
    }

    /** This status with the member quotas replaced. */
    public QuotaStatus withMemberQuotas(List<MemberQuotaUse> memberQuotas) {
      return new QuotaStatus(
          hard, admitted, used, surplus, clusters, clusterSets, conditions, memberQuotas);
    }
  }

  /** What the namespace uses in one member cluster. */
  public record ClusterUse(String name, Map<String, String> used) {}

  /** A limited set's limits and what the namespace uses in its clusters. */
  public record ClusterSetUse(String name, Map<String, String> hard, Map<String, String> used) {}

  /**
   * The native ResourceQuota the federation keeps in one member cluster, and the member's answer.
   *
   * @param cluster the member cluster's name
   * @param hard its {@code spec.hard}: the namespace's share there with the headroom, within the
   *     quota's limits
   * @param applied whether the member's agent reported this very ResourceQuota applied
   * @param message why it is not applied: the member's error, or that its agent has not reported it
   *     yet
   */
  public record MemberQuotaUse(
      String cluster, Map<String, String> hard, boolean applied, String message) {
    public MemberQuotaUse {
      hard = hard == null ? Map.of() : Map.copyOf(hard);
    }
  }
}
