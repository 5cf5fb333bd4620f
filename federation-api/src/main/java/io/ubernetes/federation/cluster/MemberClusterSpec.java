package io.ubernetes.federation.cluster;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;

/**
 * Where a member cluster is, what it costs and whether it takes work.
 *
 * @param region mirrored to the label {@code topology.kubernetes.io/region}
 * @param zone mirrored to the label {@code topology.kubernetes.io/zone}
 * @param provider e.g. {@code onprem}, {@code aws}, {@code gcp}; mirrored to {@code
 *     ubernetes.io/provider}
 * @param tier e.g. {@code onprem} or {@code cloud}, used by cloudbursting; mirrored to {@code
 *     ubernetes.io/tier}
 * @param unschedulable when true, the cluster is drained: it takes no replicas, and those it runs
 *     move elsewhere make-before-break, staying only where no other cluster may take them
 */
public record MemberClusterSpec(
    String region,
    String zone,
    String provider,
    String tier,
    Cost cost,
    List<Taint> taints,
    @Schema(defaultValue = "false") Boolean unschedulable) {

  public MemberClusterSpec {
    taints = taints == null ? List.of() : List.copyOf(taints);
  }

  /** Price of the cluster's capacity, in any one currency used across the fleet. */
  public record Cost(
      @Schema(description = "price of one CPU core for one hour", minimum = "0")
          BigDecimal cpuCoreHour,
      @Schema(description = "price of one GiB of memory for one hour", minimum = "0")
          BigDecimal memoryGiBHour) {}

  /** Keeps workloads away unless they tolerate it, as a node taint does for pods. */
  public record Taint(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String key,
      String value,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) TaintEffect effect) {}
}
