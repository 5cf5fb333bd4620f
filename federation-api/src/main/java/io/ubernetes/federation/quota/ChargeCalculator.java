package io.ubernetes.federation.quota;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.policy.PlacementPolicyStrategy;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.tenancy.Tenancy;
import io.ubernetes.federation.workload.TemplateRequests;
import io.ubernetes.federation.workload.WorkloadSpec;
import io.ubernetes.federation.workload.WorkloadSpec.ClusterOverride;
import io.ubernetes.placement.Fence;
import io.ubernetes.placement.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a FederatedWorkload asks for in full, as its namespace's quotas count it: per replica, its
 * template's pod requests as the scheduler counts them, the largest over the clusters it may land
 * on with their inline overrides; times its full desired replicas ({@code spec.replicas} when
 * Divided or when the members' autoscalers own the replicas; {@code spec.replicas} in each cluster
 * it may land on now, among the clusters of the sets bound to its namespace, at most {@code
 * maxClusters}, when Duplicated); and one workload.
 */
@Component
class ChargeCalculator {
  private final ResourceReader reader;
  private final MemberClusterStrategy clusters;
  private final PlacementPolicyStrategy policies;
  private final TemplateRequests requests;
  private final Tenancy tenancy;

  ChargeCalculator(
      ResourceReader reader,
      MemberClusterStrategy clusters,
      PlacementPolicyStrategy policies,
      TemplateRequests requests,
      Tenancy tenancy) {
    this.reader = reader;
    this.clusters = clusters;
    this.policies = policies;
    this.requests = requests;
    this.tenancy = tenancy;
  }

  QuotaAmounts charge(String namespace, WorkloadSpec spec) {
    Placement placement = placement(spec.placement());
    boolean duplicated = placement != null && placement.mode() == Placement.Mode.DUPLICATED;
    Resources unit = requests.perReplica(spec.template());
    long replicas = spec.replicas() == null ? 1 : spec.replicas();
    if (!duplicated && spec.overrides().isEmpty()) {
      // Where it may land changes nothing: no need to read the clusters.
      return QuotaAmounts.of(unit, replicas, 1);
    }
    Map<String, Map<String, String>> fleet = new LinkedHashMap<>();
    for (MemberCluster cluster : reader.inNamespace(clusters, "")) {
      fleet.put(cluster.metadata().name(), labels(cluster));
    }
    // Only the clusters of the sets bound to the namespace (or the default set) can take a copy.
    Fence fence = tenancy.rules().fences(fleet).of(namespace);
    List<Map<String, String>> eligible =
        fleet.entrySet().stream()
            .filter(cluster -> fence == null || fence.clusters().contains(cluster.getKey()))
            .map(Map.Entry::getValue)
            .filter(
                labels ->
                    placement == null
                        || placement.clusterSelector() == null
                        || placement.clusterSelector().matches(labels))
            .toList();
    for (Map<String, String> labels : eligible) {
      unit = larger(unit, requests.perReplica(overridden(spec, labels)));
    }
    if (duplicated) {
      long copies = eligible.size();
      if (placement.maxClusters() != null) {
        copies = Math.min(copies, placement.maxClusters());
      }
      replicas *= copies;
    }
    return QuotaAmounts.of(unit, replicas, 1);
  }

  /**
   * Whether a workload's charge may change with the fleet without a write of its own: when it is
   * Duplicated, has inline overrides, or takes its placement from a policy (which may say
   * Duplicated, or change).
   */
  boolean readsFleet(WorkloadSpec spec) {
    Placement given = spec.placement();
    return !spec.overrides().isEmpty()
        || (given != null
            && (given.policyRef() != null || given.mode() == Placement.Mode.DUPLICATED));
  }

  private Placement placement(Placement placement) {
    if (placement == null || placement.policyRef() == null) {
      return placement;
    }
    PlacementPolicy policy =
        reader.getNamed(policies, "", List.of(placement.policyRef())).get(placement.policyRef());
    return policy == null ? null : policy.spec();
  }

  private static Map<String, String> labels(MemberCluster cluster) {
    return cluster.metadata().labels() == null ? Map.of() : cluster.metadata().labels();
  }

  /** The template as a cluster with these labels gets it from the workload's inline overrides. */
  private static JsonNode overridden(WorkloadSpec spec, Map<String, String> labels) {
    JsonNode template = spec.template();
    for (ClusterOverride override : spec.overrides()) {
      if (override.clusterSelector() != null && !override.clusterSelector().matches(labels)) {
        continue;
      }
      ArrayNode operations = JsonNodeFactory.instance.arrayNode();
      override.patch().forEach(operations::add);
      try {
        template = new Patch.JsonPatch(operations).apply(template);
      } catch (ApiException e) {
        // The cluster's work will say so; what it would request is not known, so not counted.
        return spec.template();
      }
    }
    return template;
  }

  private static Resources larger(Resources a, Resources b) {
    return new Resources(
        Math.max(a.cpuMillis(), b.cpuMillis()),
        Math.max(a.memoryBytes(), b.memoryBytes()),
        Math.max(a.pods(), b.pods()));
  }
}
