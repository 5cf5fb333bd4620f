package io.ubernetes.federation.override;

import io.ubernetes.federation.quota.PolicyPatches;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code jsonPatch} rules of the override policies that select a workload, applied to its
 * template and resources as its work is rendered for a cluster (the policies' rules in their
 * order), for what the workload's quota charge counts: the template's requests, and the maxReplicas
 * of the autoscaler among its resources.
 */
@Component
class OverridePolicyPatches implements PolicyPatches {
  private final PolicyOverrides overrides;

  OverridePolicyPatches(PolicyOverrides overrides) {
    this.overrides = overrides;
  }

  @Override
  public PerCluster of(RevisionSource.Subject workload, WorkloadSpec spec) {
    List<JsonNode> patches = new ArrayList<>();
    overrides
        .contentFor(workload, spec)
        .forEach(
            rule -> {
              if (!rule.path("jsonPatch").isEmpty()) {
                patches.add(rule);
              }
            });
    if (patches.isEmpty() || !(spec.template() instanceof ObjectNode template)) {
      return null;
    }
    return (cluster, labels) -> {
      List<ObjectNode> objects = new ArrayList<>();
      objects.add(template.deepCopy());
      spec.resources().forEach(resource -> objects.add((ObjectNode) resource.deepCopy()));
      for (JsonNode rule : patches) {
        if (!OverrideRules.selects(rule, cluster, labels)) {
          continue;
        }
        try {
          OverrideRules.apply(rule, objects, workload.name());
        } catch (OverrideRules.NotApplicable e) {
          return null;
        }
      }
      return List.<JsonNode>copyOf(objects);
    };
  }
}
