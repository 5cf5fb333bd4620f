package io.ubernetes.federation.quota;

import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the override policies that select a workload make of its template and resources in each
 * cluster, as far as a charge needs it: their {@code jsonPatch} rules, the only ones that may
 * change what a replica requests or how far the members' autoscalers may scale (the federation sets
 * each copy's replicas after every rule, so none changes how many it places). The override feature,
 * which keeps the policies, answers it.
 */
public interface PolicyPatches {

  /**
   * @return the template per cluster; null when no {@code jsonPatch} rule selects the workload, so
   *     that where it lands changes nothing
   */
  PerCluster of(RevisionSource.Subject workload, WorkloadSpec spec);

  /** The workload's objects as one cluster gets them from the policies' rules. */
  @FunctionalInterface
  interface PerCluster {
    /**
     * @return the template, then the resources; null when a rule selects the cluster but does not
     *     apply (the cluster's work says so, and what it would request is not known)
     */
    List<JsonNode> objects(String cluster, Map<String, String> labels);

    /**
     * @return the template; null when a rule selects the cluster but does not apply
     */
    default JsonNode template(String cluster, Map<String, String> labels) {
      List<JsonNode> objects = objects(cluster, labels);
      return objects == null ? null : objects.getFirst();
    }
  }
}
