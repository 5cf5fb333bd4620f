package io.ubernetes.federation.policy;

import io.ubernetes.federation.policy.Placement.Burst;
import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.policy.Placement.CostWeights;
import io.ubernetes.federation.policy.Placement.Coupling;
import io.ubernetes.federation.policy.Placement.Mode;
import io.ubernetes.federation.policy.Placement.Preference;
import io.ubernetes.federation.policy.Placement.SelectorRequirement;
import io.ubernetes.federation.policy.Placement.Spread;
import io.ubernetes.federation.policy.Placement.Toleration;
import io.ubernetes.federation.policy.Placement.TolerationOperator;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates placements, in policies and in workloads, and fills in their defaults. */
public final class PlacementValidator {
  /** Upper bound for replica counts, as for a Kubernetes Deployment's int32 field in practice. */
  public static final int MAX_REPLICAS = 100_000;

  static final int MAX_CLUSTERS = 10_000;
  private static final int MAX_LIST = 100;
  private static final double MAX_COST_WEIGHT = 1_000;
  private static final int MAX_SCALE_BACK_SECONDS = 7 * 24 * 3600;
  private static final double DEFAULT_MAX_UTILIZATION = 0.8;
  private static final int DEFAULT_SCALE_BACK_SECONDS = 300;

  private PlacementValidator() {}

  /**
   * Validates {@code placement} at {@code path} and returns it with defaults applied.
   *
   * @param inWorkload whether a {@code policyRef} is allowed (workloads may use one)
   */
  public static Placement admit(
      Placement placement, String path, boolean inWorkload, FieldErrors errors) {
    if (placement.policyRef() != null) {
      if (!inWorkload) {
        errors.add(path + ".policyRef", "a placement policy cannot refer to another policy");
      } else {
        KubernetesValidation.dnsSubdomain(placement.policyRef(), path + ".policyRef", errors);
        if (!placement.equals(Placement.ofPolicy(placement.policyRef()))) {
          errors.add(path, "either policyRef or placement fields, not both");
        }
      }
      return placement;
    }
    selector(placement.clusterSelector(), path + ".clusterSelector", errors);
    List<Preference> preferences = placement.preferences();
    size(preferences, path + ".preferences", errors);
    for (int i = 0; i < preferences.size(); i++) {
      String field = path + ".preferences[" + i + "]";
      Preference preference = preferences.get(i);
      if (preference.weight() == null) {
        errors.required(field + ".weight");
      }
      errors.range(field + ".weight", preference.weight(), 1, 100);
      if (preference.selector() == null) {
        errors.required(field + ".selector");
      }
      selector(preference.selector(), field + ".selector", errors);
    }
    List<Toleration> tolerations = tolerations(placement.tolerations(), path, errors);
    replicaBounds(placement, path, errors);
    spread(placement.spread(), path + ".spread", errors);
    coupling(placement.coupling(), path + ".coupling", errors);
    costWeights(placement.costWeights(), path + ".costWeights", errors);
    return new Placement(
        null,
        placement.clusterSelector(),
        preferences,
        tolerations,
        placement.mode() == null ? Mode.DIVIDED : placement.mode(),
        placement.minReplicasPerCluster() == null ? 0 : placement.minReplicasPerCluster(),
        placement.maxReplicasPerCluster(),
        placement.maxClusters(),
        placement.spread(),
        placement.coupling(),
        burst(placement.burst(), path + ".burst", errors),
        placement.costWeights());
  }

  /** Validates a cluster selector at {@code path}; null selects every cluster. */
  public static void selector(ClusterSelector selector, String path, FieldErrors errors) {
    if (selector == null) {
      return;
    }
    KubernetesValidation.labels(selector.matchLabels(), path + ".matchLabels", errors);
    List<SelectorRequirement> expressions = selector.matchExpressions();
    size(expressions, path + ".matchExpressions", errors);
    for (int i = 0; i < expressions.size(); i++) {
      String field = path + ".matchExpressions[" + i + "]";
      SelectorRequirement requirement = expressions.get(i);
      if (requirement.key() == null) {
        errors.required(field + ".key");
      } else {
        KubernetesValidation.labelKey(requirement.key(), field + ".key", errors);
      }
      if (requirement.operator() == null) {
        errors.required(field + ".operator");
        continue;
      }
      switch (requirement.operator()) {
        case IN, NOT_IN -> {
          if (requirement.values().isEmpty()) {
            errors.add(field + ".values", "must not be empty for operator In or NotIn");
          }
        }
        case EXISTS, DOES_NOT_EXIST -> {
          if (!requirement.values().isEmpty()) {
            errors.add(field + ".values", "must be empty for operator Exists or DoesNotExist");
          }
        }
      }
      for (int j = 0; j < requirement.values().size(); j++) {
        KubernetesValidation.labelValue(
            requirement.values().get(j), field + ".values[" + j + "]", errors);
      }
    }
  }

  private static List<Toleration> tolerations(
      List<Toleration> tolerations, String path, FieldErrors errors) {
    size(tolerations, path + ".tolerations", errors);
    for (int i = 0; i < tolerations.size(); i++) {
      String field = path + ".tolerations[" + i + "]";
      Toleration toleration = tolerations.get(i);
      boolean exists = toleration.operator() == TolerationOperator.EXISTS;
      if (toleration.key() == null || toleration.key().isEmpty()) {
        if (!exists) {
          errors.add(field + ".key", "may be empty only with operator Exists (tolerates all)");
        }
      } else {
        KubernetesValidation.labelKey(toleration.key(), field + ".key", errors);
      }
      if (exists && toleration.value() != null && !toleration.value().isEmpty()) {
        errors.add(field + ".value", "must be empty with operator Exists");
      } else if (toleration.value() != null) {
        KubernetesValidation.labelValue(toleration.value(), field + ".value", errors);
      }
    }
    return tolerations.stream()
        .map(
            t ->
                t.operator() != null
                    ? t
                    : new Toleration(t.key(), TolerationOperator.EQUAL, t.value(), t.effect()))
        .toList();
  }

  private static void replicaBounds(Placement placement, String path, FieldErrors errors) {
    Integer min = placement.minReplicasPerCluster();
    Integer max = placement.maxReplicasPerCluster();
    errors.range(path + ".minReplicasPerCluster", min, 0, MAX_REPLICAS);
    errors.range(path + ".maxReplicasPerCluster", max, 1, MAX_REPLICAS);
    errors.range(path + ".maxClusters", placement.maxClusters(), 1, MAX_CLUSTERS);
    if (min != null && max != null && min > max) {
      errors.add(
          path + ".minReplicasPerCluster",
          "must not exceed maxReplicasPerCluster (" + min + " > " + max + ")");
    }
  }

  private static void spread(List<Spread> spread, String path, FieldErrors errors) {
    size(spread, path, errors);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < spread.size(); i++) {
      String field = path + "[" + i + "]";
      Spread term = spread.get(i);
      if (term.topologyKey() == null) {
        errors.required(field + ".topologyKey");
      } else {
        KubernetesValidation.labelKey(term.topologyKey(), field + ".topologyKey", errors);
        if (!keys.add(term.topologyKey())) {
          errors.add(
              field + ".topologyKey", "duplicate topologyKey \"" + term.topologyKey() + "\"");
        }
      }
      if (term.minGroups() == null) {
        errors.required(field + ".minGroups");
      }
      errors.range(field + ".minGroups", term.minGroups(), 1, MAX_LIST);
    }
  }

  private static void coupling(List<Coupling> coupling, String path, FieldErrors errors) {
    size(coupling, path, errors);
    for (int i = 0; i < coupling.size(); i++) {
      String field = path + "[" + i + "]";
      Coupling term = coupling.get(i);
      KubernetesValidation.dnsSubdomain(term.workload(), field + ".workload", errors);
      if (term.type() == null) {
        errors.required(field + ".type");
      } else if (term.type() != Placement.CouplingType.PREFERRED && term.weight() != null) {
        errors.add(field + ".weight", "applies to type Preferred only");
      }
      if (term.topologyKey() != null) {
        KubernetesValidation.labelKey(term.topologyKey(), field + ".topologyKey", errors);
      }
      errors.range(field + ".weight", term.weight(), 1, 100);
    }
  }

  private static Burst burst(Burst burst, String path, FieldErrors errors) {
    if (burst == null) {
      return null;
    }
    if (burst.tiers().isEmpty()) {
      errors.add(path + ".tiers", "must name at least one tier");
    }
    size(burst.tiers(), path + ".tiers", errors);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < burst.tiers().size(); i++) {
      String tier = burst.tiers().get(i);
      KubernetesValidation.labelValue(tier, path + ".tiers[" + i + "]", errors);
      if (!seen.add(tier)) {
        errors.add(path + ".tiers[" + i + "]", "duplicate tier \"" + tier + "\"");
      }
    }
    Double maxUtilization = burst.maxUtilization();
    if (maxUtilization != null && !(maxUtilization > 0 && maxUtilization <= 1)) {
      errors.add(
          path + ".maxUtilization", "must be greater than 0 and at most 1, got " + maxUtilization);
    }
    errors.range(
        path + ".scaleBackAfterSeconds", burst.scaleBackAfterSeconds(), 0, MAX_SCALE_BACK_SECONDS);
    return new Burst(
        burst.tiers(),
        maxUtilization == null ? DEFAULT_MAX_UTILIZATION : maxUtilization,
        burst.scaleBackAfterSeconds() == null
            ? DEFAULT_SCALE_BACK_SECONDS
            : burst.scaleBackAfterSeconds());
  }

  private static void costWeights(CostWeights weights, String path, FieldErrors errors) {
    if (weights == null) {
      return;
    }
    Map<String, Double> terms = new java.util.LinkedHashMap<>();
    terms.put("price", weights.price());
    terms.put("utilization", weights.utilization());
    terms.put("preference", weights.preference());
    terms.put("coupling", weights.coupling());
    terms.put("stickiness", weights.stickiness());
    terms.forEach(
        (term, weight) -> {
          if (weight != null && !(weight >= 0 && weight <= MAX_COST_WEIGHT)) {
            errors.add(
                path + "." + term, "must be between 0 and " + MAX_COST_WEIGHT + ", got " + weight);
          }
        });
  }

  private static void size(List<?> list, String path, FieldErrors errors) {
    if (list.size() > MAX_LIST) {
      errors.add(path, "at most " + MAX_LIST + " entries, got " + list.size());
    }
  }
}
