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
import io.ubernetes.federation.tenancy.TenancyRules;
import io.ubernetes.federation.workload.Autoscaling;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.TemplateRequests;
import io.ubernetes.federation.workload.WorkloadSpec;
import io.ubernetes.federation.workload.WorkloadSpec.ClusterOverride;
import io.ubernetes.placement.Fence;
import io.ubernetes.placement.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a FederatedWorkload asks for in full, as its namespace's quotas count it: per replica, its
 * template's pod requests as the scheduler counts them, the largest over the clusters it may land
 * on with the {@code jsonPatch} rules of the override policies that select it there and its inline
 * overrides, applied as its work is rendered; times its full desired replicas ({@code
 * spec.replicas} when Divided; {@code spec.replicas} in each cluster it may land on now, among the
 * clusters of the sets bound to its namespace, at most {@code maxClusters}, when Duplicated); and
 * one workload. When the members' autoscalers own the replicas, the replicas are what they may
 * reach if that is more: the autoscaler's {@code maxReplicas} (the largest over those clusters once
 * the policies' rules apply) in each cluster it may hold a share in (each copy of a Duplicated
 * workload; at most one per replica of a Divided one), so that no autoscaler can take the namespace
 * past its quota.
 */
@Component
class ChargeCalculator {
  private final ResourceReader reader;
  private final MemberClusterStrategy clusters;
  private final PlacementPolicyStrategy policies;
  private final TemplateRequests requests;
  private final Tenancy tenancy;
  private final PolicyPatches policyPatches;

  ChargeCalculator(
      ResourceReader reader,
      MemberClusterStrategy clusters,
      PlacementPolicyStrategy policies,
      TemplateRequests requests,
      Tenancy tenancy,
      PolicyPatches policyPatches) {
    this.reader = reader;
    this.clusters = clusters;
    this.policies = policies;
    this.requests = requests;
    this.tenancy = tenancy;
    this.policyPatches = policyPatches;
  }

  QuotaAmounts charge(RevisionSource.Subject workload, WorkloadSpec spec) {
    return charge(workload, spec, fleetReading());
  }

  /**
   * As {@link #charge(RevisionSource.Subject, WorkloadSpec, FleetReading)}, with the most replicas
   * the members' autoscalers may run in one cluster that it counts.
   */
  WorkloadCharge charged(RevisionSource.Subject workload, WorkloadSpec spec) {
    return charged(workload, spec, fleetReading());
  }

  /**
   * As {@link #charge(RevisionSource.Subject, WorkloadSpec)}, against a {@link #fleetReading()}
   * that many workloads share (the recount's, one for each namespace).
   */
  QuotaAmounts charge(
      RevisionSource.Subject workload, WorkloadSpec spec, FleetReading fleetReading) {
    return charged(workload, spec, fleetReading).amounts();
  }

  /** As {@link #charged(RevisionSource.Subject, WorkloadSpec)}, against a shared fleet reading. */
  WorkloadCharge charged(
      RevisionSource.Subject workload, WorkloadSpec spec, FleetReading fleetReading) {
    Placement placement = placement(spec.placement());
    boolean duplicated = placement != null && placement.mode() == Placement.Mode.DUPLICATED;
    long replicas = spec.replicas() == null ? 1 : spec.replicas();
    PolicyPatches.PerCluster patched = policyPatches.of(workload, spec);
    if (!duplicated && !spec.replicasByMembers() && spec.overrides().isEmpty() && patched == null) {
      // Where it may land changes nothing: no need to read the clusters.
      return WorkloadCharge.of(QuotaAmounts.of(requests.perReplica(spec.template()), replicas, 1));
    }
    List<Map.Entry<String, Map<String, String>>> eligible =
        eligible(workload, placement, fleetReading);
    Resources unit = largest(spec, patched, eligible);
    if (duplicated) {
      long copies = eligible.size();
      if (placement.maxClusters() != null) {
        copies = Math.min(copies, placement.maxClusters());
      }
      replicas *= copies;
    }
    int memberMax =
        spec.replicasByMembers() ? memberMaxReplicas(workload.name(), spec, patched, eligible) : 0;
    if (memberMax > 0) {
      replicas = Math.max(replicas, memberMax * shares(placement, duplicated, spec, eligible));
    }
    return new WorkloadCharge(QuotaAmounts.of(unit, replicas, 1), memberMax);
  }

  /**
   * The largest {@code maxReplicas} of the autoscaler of the workload's template over the clusters
   * it may land on, as each gets it once the policies' {@code jsonPatch} rules that select it apply
   * (inline overrides change the template only); 0 when no autoscaler among its resources scales
   * it.
   */
  private static int memberMaxReplicas(
      String name,
      WorkloadSpec spec,
      PolicyPatches.PerCluster patched,
      List<Map.Entry<String, Map<String, String>>> eligible) {
    int unpatched = Autoscaling.maxReplicas(spec.template(), spec.resources(), name);
    if (patched == null) {
      return unpatched;
    }
    int most = 0;
    for (Map.Entry<String, Map<String, String>> cluster : eligible) {
      List<JsonNode> objects = patched.objects(cluster.getKey(), cluster.getValue());
      // A rule that does not apply: the cluster's work will say so, and gets nothing patched.
      most =
          Math.max(
              most,
              objects == null
                  ? unpatched
                  : Autoscaling.maxReplicas(
                      objects.getFirst(), objects.subList(1, objects.size()), name));
    }
    return most;
  }

  /**
   * In how many clusters a workload may hold a share: each copy of a Duplicated one, at most one
   * per replica of a Divided one; among the clusters it may land on, at most {@code maxClusters}.
   */
  private static long shares(
      Placement placement,
      boolean duplicated,
      WorkloadSpec spec,
      List<Map.Entry<String, Map<String, String>>> eligible) {
    long clusters = eligible.size();
    if (placement != null && placement.maxClusters() != null) {
      clusters = Math.min(clusters, placement.maxClusters());
    }
    return duplicated
        ? clusters
        : Math.min(clusters, spec.replicas() == null ? 1 : spec.replicas());
  }

  /**
   * What one replica of the workload is charged, as {@link #charge} counts it: what the scheduler
   * counts per replica too, so that it never places more than admission lets the workload ask for.
   */
  ReplicaCharge perReplica(
      RevisionSource.Subject workload, WorkloadSpec spec, FleetReading fleetReading) {
    PolicyPatches.PerCluster patched = policyPatches.of(workload, spec);
    if (spec.overrides().isEmpty() && patched == null) {
      return new ReplicaCharge(requests.perReplica(spec.template()), false);
    }
    return new ReplicaCharge(
        largest(spec, patched, eligible(workload, placement(spec.placement()), fleetReading)),
        true);
  }

  /**
   * The clusters the workload may land on now: those of the sets bound to its namespace (or the
   * default set) that its placement selects.
   */
  private static List<Map.Entry<String, Map<String, String>>> eligible(
      RevisionSource.Subject workload, Placement placement, FleetReading fleet) {
    Fence fence = fleet.fence(workload.namespace());
    return fleet.clusters().entrySet().stream()
        .filter(cluster -> fence == null || fence.clusters().contains(cluster.getKey()))
        .filter(
            cluster ->
                placement == null
                    || placement.clusterSelector() == null
                    || placement.clusterSelector().matches(cluster.getValue()))
        .toList();
  }

  /**
   * The template's request per replica, or the largest the overrides make of it in one of these
   * clusters.
   */
  private Resources largest(
      WorkloadSpec spec,
      PolicyPatches.PerCluster patched,
      List<Map.Entry<String, Map<String, String>>> eligible) {
    Resources unit = requests.perReplica(spec.template());
    // Without overrides every cluster gets the template as it is: its request is the unit already.
    if (!spec.overrides().isEmpty() || patched != null) {
      for (Map.Entry<String, Map<String, String>> cluster : eligible) {
        unit =
            larger(
                unit,
                requests.perReplica(
                    overridden(spec, patched, cluster.getKey(), cluster.getValue())));
      }
    }
    return unit;
  }

  /**
   * The member clusters' labels by name and the namespaces' fences among them, each read when first
   * asked for and kept: one reading for many workloads charged in one transaction instead of one
   * each.
   */
  FleetReading fleetReading() {
    return new FleetReading();
  }

  /** What a charge reads of the fleet, read once for all the workloads charged against it. */
  final class FleetReading {
    private Map<String, Map<String, String>> clusters;
    private TenancyRules.Fences fences;

    private FleetReading() {}

    Map<String, Map<String, String>> clusters() {
      if (clusters == null) {
        clusters = new LinkedHashMap<>();
        for (MemberCluster cluster : reader.inNamespace(ChargeCalculator.this.clusters, "")) {
          clusters.put(cluster.metadata().name(), labels(cluster));
        }
      }
      return clusters;
    }

    /** The clusters the namespace's workloads may use; null when they may use every one. */
    Fence fence(String namespace) {
      if (fences == null) {
        fences = tenancy.rules().fences(clusters());
      }
      return fences.of(namespace);
    }
  }

  /**
   * Whether a workload's charge may change with the fleet without a write of its own: when it is
   * Duplicated, its members' autoscalers own its replicas (it may hold a share in more clusters or
   * fewer), has inline overrides, takes its placement from a policy (which may say Duplicated, or
   * change), or override policies' {@code jsonPatch} rules select it.
   */
  boolean readsFleet(RevisionSource.Subject workload, WorkloadSpec spec) {
    Placement given = spec.placement();
    return !spec.overrides().isEmpty()
        || spec.replicasByMembers()
        || (given != null
            && (given.policyRef() != null || given.mode() == Placement.Mode.DUPLICATED))
        || policyPatches.of(workload, spec) != null;
  }

  /** A stored workload as the override policies select it. */
  static RevisionSource.Subject subject(FederatedWorkload workload) {
    return new RevisionSource.Subject(
        UUID.fromString(workload.metadata().uid()),
        workload.metadata().namespace(),
        workload.metadata().name(),
        workload.metadata().labels());
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

  /**
   * The template as a cluster with this name and these labels gets it: the policies' patches that
   * select the cluster, then the workload's inline overrides, as its work is rendered.
   *
   * @param patched the template by cluster from the policies' patches; null when none applies
   */
  private static JsonNode overridden(
      WorkloadSpec spec,
      PolicyPatches.PerCluster patched,
      String cluster,
      Map<String, String> labels) {
    JsonNode template = patched == null ? spec.template() : patched.template(cluster, labels);
    if (template == null) {
      // The cluster's work will say so; what it would request is not known, so not counted.
      return spec.template();
    }
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
