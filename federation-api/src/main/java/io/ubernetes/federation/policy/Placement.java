package io.ubernetes.federation.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.cluster.TaintEffect;
import java.util.List;
import java.util.Map;

/**
 * Where a workload's replicas may and should go. Hard rules ({@code clusterSelector}, tolerations,
 * Strict and AntiAffinity coupling) are never relaxed, not by failover, bursting or migration; the
 * rest are costs the placement engine weighs.
 *
 * @param policyRef the name of a {@link PlacementPolicy} to use instead of the fields below (in a
 *     workload only)
 * @param clusterSelector clusters must match it (e.g. data residency)
 * @param preferences each matching preference makes a cluster cheaper by its weight
 * @param tolerations taints this workload tolerates
 * @param mode {@code Divided} spreads {@code replicas} over clusters; {@code Duplicated} runs all
 *     of them in every selected cluster
 * @param maxClusters at most this many clusters
 * @param spread at least {@code minGroups} distinct values of {@code topologyKey}
 * @param coupling how this workload relates to others in its namespace
 * @param burst cloudbursting: fill earlier tiers first, overflow to later ones
 * @param costWeights scale the terms of the cost function
 */
public record Placement(
    String policyRef,
    ClusterSelector clusterSelector,
    List<Preference> preferences,
    List<Toleration> tolerations,
    @Schema(defaultValue = "Divided") Mode mode,
    @Schema(defaultValue = "0") Integer minReplicasPerCluster,
    Integer maxReplicasPerCluster,
    Integer maxClusters,
    List<Spread> spread,
    List<Coupling> coupling,
    Burst burst,
    CostWeights costWeights) {

  public Placement {
    preferences = preferences == null ? List.of() : List.copyOf(preferences);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    spread = spread == null ? List.of() : List.copyOf(spread);
    coupling = coupling == null ? List.of() : List.copyOf(coupling);
  }

  /** A placement that only refers to a policy. */
  public static Placement ofPolicy(String policyRef) {
    return new Placement(
        policyRef, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Selects clusters by their labels, like a Kubernetes {@code LabelSelector}. */
  public record ClusterSelector(
      Map<String, String> matchLabels, List<SelectorRequirement> matchExpressions) {
    public ClusterSelector {
      matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
      matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /** Whether a cluster with these labels is selected, with Kubernetes' selector semantics. */
    public boolean matches(Map<String, String> labels) {
      for (Map.Entry<String, String> required : matchLabels.entrySet()) {
        if (!required.getValue().equals(labels.get(required.getKey()))) {
          return false;
        }
      }
      for (SelectorRequirement requirement : matchExpressions) {
        String value = labels.get(requirement.key());
        boolean matched =
            switch (requirement.operator()) {
              case IN -> value != null && requirement.values().contains(value);
              case NOT_IN -> value == null || !requirement.values().contains(value);
              case EXISTS -> value != null;
              case DOES_NOT_EXIST -> value == null;
            };
        if (!matched) {
          return false;
        }
      }
      return true;
    }
  }

  /** One expression of a {@link ClusterSelector}. */
  public record SelectorRequirement(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String key,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SelectorOperator operator,
      List<String> values) {
    public SelectorRequirement {
      values = values == null ? List.of() : List.copyOf(values);
    }
  }

  /** How a {@link SelectorRequirement} tests a label. */
  public enum SelectorOperator {
    @JsonProperty("In")
    IN,
    @JsonProperty("NotIn")
    NOT_IN,
    @JsonProperty("Exists")
    EXISTS,
    @JsonProperty("DoesNotExist")
    DOES_NOT_EXIST
  }

  /** A soft preference for clusters matching {@code selector}. */
  public record Preference(
      @Schema(minimum = "1", maximum = "100", requiredMode = Schema.RequiredMode.REQUIRED)
          Integer weight,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ClusterSelector selector) {}

  /** Tolerates taints with a matching key, value and effect, as a pod toleration does. */
  public record Toleration(
      String key,
      @Schema(defaultValue = "Equal") TolerationOperator operator,
      String value,
      @Schema(description = "empty tolerates every effect") TaintEffect effect) {}

  /** How a {@link Toleration} matches a taint's value. */
  public enum TolerationOperator {
    @JsonProperty("Equal")
    EQUAL,
    @JsonProperty("Exists")
    EXISTS
  }

  /** How replicas are laid over the selected clusters. */
  public enum Mode {
    @JsonProperty("Divided")
    DIVIDED,
    @JsonProperty("Duplicated")
    DUPLICATED
  }

  /**
   * Replicas must cover at least {@code minGroups} values of the cluster label {@code topologyKey}.
   */
  public record Spread(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String topologyKey,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer minGroups) {}

  /**
   * How this workload must, should or must not share a topology domain with {@code workload}.
   *
   * @param topologyKey the cluster label that defines the domain; the cluster itself when empty
   * @param weight the cost of not co-locating, for {@code Preferred} only
   */
  public record Coupling(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String workload,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CouplingType type,
      String topologyKey,
      @Schema(minimum = "1", maximum = "100") Integer weight) {}

  /** The strength of a {@link Coupling}. */
  public enum CouplingType {
    /** Must share the domain. */
    @JsonProperty("Strict")
    STRICT,
    /** Should share it: a cost when not. */
    @JsonProperty("Preferred")
    PREFERRED,
    /** Must not share it. */
    @JsonProperty("AntiAffinity")
    ANTI_AFFINITY
  }

  /**
   * Cloudbursting over cluster tiers.
   *
   * @param tiers values of {@code spec.tier}, in order; a later tier only takes replicas that do
   *     not fit in the earlier ones below {@code maxUtilization}
   * @param scaleBackAfterSeconds how long earlier tiers must have room before replicas come back
   */
  public record Burst(
      List<String> tiers,
      @Schema(defaultValue = "0.8", minimum = "0", maximum = "1") Double maxUtilization,
      @Schema(defaultValue = "300") Integer scaleBackAfterSeconds) {
    public Burst {
      tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }
  }

  /**
   * Multipliers of the cost function's terms; the placement engine has defaults for absent ones.
   */
  public record CostWeights(
      Double price, Double utilization, Double preference, Double coupling, Double stickiness) {}
}
