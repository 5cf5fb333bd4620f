package io.ubernetes.federation.override;

import io.ubernetes.federation.override.OverridePolicySpec.OverrideRule;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectKey;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules of the override policies that select a workload, as part of its revisions ({@link
 * RevisionSource#POLICY_OVERRIDES}): ClusterOverridePolicies by name, then the OverridePolicies of
 * the workload's namespace by name, each policy's rules in order. Each rule carries the policy it
 * comes from ({@code ClusterOverridePolicy/<name>} or {@code OverridePolicy/<namespace>/<name>})
 * and its index there, and still selects its clusters when the work is rendered.
 */
@Component
class PolicyOverrides implements RevisionSource {
  private final ResourceReader reader;
  private final ClusterOverridePolicyStrategy clusterPolicies;
  private final OverridePolicyStrategy policies;
  private final JsonMapper json;

  PolicyOverrides(
      ResourceReader reader,
      ClusterOverridePolicyStrategy clusterPolicies,
      OverridePolicyStrategy policies,
      JsonMapper json) {
    this.reader = reader;
    this.clusterPolicies = clusterPolicies;
    this.policies = policies;
    this.json = json;
  }

  @Override
  public String key() {
    return POLICY_OVERRIDES;
  }

  @Override
  public JsonNode contentFor(Subject workload, WorkloadSpec spec) {
    ArrayNode rules = json.createArrayNode();
    for (ClusterOverridePolicy policy : sorted(clusterPolicies, null)) {
      add(rules, policy, "ClusterOverridePolicy/" + policy.metadata().name(), workload);
    }
    for (OverridePolicy policy : sorted(policies, workload.namespace())) {
      add(
          rules,
          policy,
          "OverridePolicy/" + workload.namespace() + "/" + policy.metadata().name(),
          workload);
    }
    return rules;
  }

  /** One line per policy whose rules changed: {@code override policy eu-registry changed}. */
  @Override
  public List<String> changes(JsonNode before, JsonNode after) {
    Map<String, List<JsonNode>> was = byPolicy(before);
    Map<String, List<JsonNode>> is = byPolicy(after);
    List<String> lines = new ArrayList<>();
    for (String policy : was.keySet()) {
      if (!is.containsKey(policy)) {
        lines.add(display(policy) + " no longer applies");
      } else if (!was.get(policy).equals(is.get(policy))) {
        lines.add(display(policy) + " changed");
      }
    }
    for (String policy : is.keySet()) {
      if (!was.containsKey(policy)) {
        lines.add(display(policy) + " applies");
      }
    }
    return lines;
  }

  /** Whether a policy's spec selects the workload. */
  static boolean selects(OverridePolicySpec spec, Subject workload) {
    return spec.workloadSelector() == null
        || spec.workloadSelector()
            .selects(workload.namespace(), workload.name(), workload.labels());
  }

  private void add(
      ArrayNode rules, ApiObject<OverridePolicySpec, ?> policy, String source, Subject workload) {
    OverridePolicySpec spec = policy.spec();
    if (spec == null || !selects(spec, workload)) {
      return;
    }
    List<OverrideRule> policyRules = spec.rules();
    for (int i = 0; i < policyRules.size(); i++) {
      ObjectNode rule = json.valueToTree(policyRules.get(i));
      rule.put(OverrideRules.POLICY, source);
      rule.put(OverrideRules.RULE, i);
      rules.add(rule);
    }
  }

  /** The policies of a kind, in a namespace (null for cluster-scoped), by name. */
  private <R extends ApiObject<OverridePolicySpec, T>, T> List<R> sorted(
      io.ubernetes.federation.resource.ResourceStrategy<R, OverridePolicySpec, T> strategy,
      String namespace) {
    Map<UUID, ObjectKey> keys = reader.keys(strategy);
    List<UUID> uids = new ArrayList<>();
    keys.forEach(
        (uid, key) -> {
          if (namespace == null || namespace.equals(key.namespace())) {
            uids.add(uid);
          }
        });
    List<R> found = new ArrayList<>(reader.getAll(strategy, uids).values());
    found.sort(Comparator.comparing(policy -> policy.metadata().name()));
    return found;
  }

  private static Map<String, List<JsonNode>> byPolicy(JsonNode rules) {
    Map<String, List<JsonNode>> byPolicy = new LinkedHashMap<>();
    for (JsonNode rule : rules) {
      byPolicy.computeIfAbsent(OverrideRules.policy(rule), p -> new ArrayList<>()).add(rule);
    }
    return byPolicy;
  }

  /** {@code cluster override policy x} or {@code override policy x}. */
  private static String display(String source) {
    String name = source.substring(source.lastIndexOf('/') + 1);
    return (source.startsWith("ClusterOverridePolicy/")
            ? "cluster override policy "
            : "override policy ")
        + name;
  }
}
