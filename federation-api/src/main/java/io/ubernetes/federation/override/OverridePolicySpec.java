package io.ubernetes.federation.override;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.policy.Placement.SelectorRequirement;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The spec of an {@link OverridePolicy} and of a {@link ClusterOverridePolicy}: which workloads,
 * then rules, applied in order, each to the clusters it selects.
 *
 * @param workloadSelector the workloads the rules apply to; every workload in scope when omitted
 * @param rules applied in order; each has exactly one action
 */
public record OverridePolicySpec(
    WorkloadSelector workloadSelector,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<OverrideRule> rules) {

  public OverridePolicySpec {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /**
   * Selects workloads by name, by labels and, for a ClusterOverridePolicy, by namespace; every
   * field given must match.
   *
   * @param names the workloads' names; any name when omitted
   * @param namespaces the workloads' namespaces (ClusterOverridePolicy only); any when omitted
   */
  public record WorkloadSelector(
      List<String> names,
      Map<String, String> matchLabels,
      List<SelectorRequirement> matchExpressions,
      List<String> namespaces) {
    public WorkloadSelector {
      names = names == null ? List.of() : List.copyOf(names);
      matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
      matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
      namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }

    boolean selects(String namespace, String name, Map<String, String> labels) {
      return (names.isEmpty() || names.contains(name))
          && (namespaces.isEmpty() || namespaces.contains(namespace))
          && new ClusterSelector(matchLabels, matchExpressions).matches(labels);
    }
  }

  /**
   * One rule: where it applies and the one change it makes.
   *
   * @param clusters the clusters it applies to; all when omitted
   * @param target the object of the workload it changes: the template when omitted for a {@code
   *     jsonPatch}; every object it fits (the template and every resource) for the other actions
   * @param jsonPatch RFC 6902 operations
   * @param image rewrites components of container images
   * @param labels sets and removes labels of {@code metadata.labels}
   * @param annotations sets and removes annotations of {@code metadata.annotations}
   * @param args appends to or replaces containers' {@code args}
   * @param env sets and removes containers' environment variables
   */
  public record OverrideRule(
      ClusterMatch clusters,
      TargetRef target,
      List<JsonNode> jsonPatch,
      ImageOverride image,
      MetadataOverride labels,
      MetadataOverride annotations,
      ArgsOverride args,
      EnvOverride env) {
    public OverrideRule {
      jsonPatch = jsonPatch == null ? List.of() : List.copyOf(jsonPatch);
    }
  }

  /**
   * Selects clusters; every field given must match (a list matches when it holds the cluster's
   * value).
   *
   * @param regions values of the cluster's {@code spec.region}
   * @param zones values of {@code spec.zone}
   * @param tiers values of {@code spec.tier}
   * @param providers values of {@code spec.provider}
   * @param clusterSelector the cluster's labels, as a placement's clusterSelector
   */
  public record ClusterMatch(
      List<String> names,
      List<String> regions,
      List<String> zones,
      List<String> tiers,
      List<String> providers,
      ClusterSelector clusterSelector) {
    public ClusterMatch {
      names = names == null ? List.of() : List.copyOf(names);
      regions = regions == null ? List.of() : List.copyOf(regions);
      zones = zones == null ? List.of() : List.copyOf(zones);
      tiers = tiers == null ? List.of() : List.copyOf(tiers);
      providers = providers == null ? List.of() : List.copyOf(providers);
    }
  }

  /** An object of the workload: the template or one of its resources, by kind and name. */
  public record TargetRef(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String kind, String name) {}

  /**
   * Rewrites components of the images of containers and init containers; the components not given
   * stay. A digest replaces the tag; a tag replaces the digest.
   *
   * @param container only the containers of this name; every container when omitted
   */
  public record ImageOverride(
      String container,
      @Schema(example = "eu.gcr.io") String registry,
      @Schema(example = "shop/web") String repository,
      @Schema(example = "1.4") String tag,
      @Schema(example = "sha256:0123abcd") String digest) {}

  /** Labels or annotations to set, then keys to remove. */
  public record MetadataOverride(Map<String, String> set, List<String> remove) {
    public MetadataOverride {
      set = set == null ? Map.of() : Map.copyOf(set);
      remove = remove == null ? List.of() : List.copyOf(remove);
    }
  }

  /**
   * Changes containers' {@code args}.
   *
   * @param container only the containers of this name; every container when omitted
   */
  public record ArgsOverride(
      String container,
      @Schema(defaultValue = "append") ArgsOperation operation,
      List<String> values) {
    public ArgsOverride {
      values = values == null ? List.of() : List.copyOf(values);
    }
  }

  /** Whether {@link ArgsOverride#values} go after the existing args or replace them. */
  public enum ArgsOperation {
    @JsonProperty("append")
    APPEND,
    @JsonProperty("replace")
    REPLACE
  }

  /**
   * Sets (adds or replaces by name) then removes containers' environment variables.
   *
   * @param container only the containers of this name; every container when omitted
   */
  public record EnvOverride(String container, List<EnvValue> set, List<String> remove) {
    public EnvOverride {
      set = set == null ? List.of() : List.copyOf(set);
      remove = remove == null ? List.of() : List.copyOf(remove);
    }
  }

  /** An environment variable with a literal value. */
  public record EnvValue(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name, String value) {}
}
