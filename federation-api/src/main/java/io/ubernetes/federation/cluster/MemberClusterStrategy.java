package io.ubernetes.federation.cluster;

import io.ubernetes.federation.cluster.MemberClusterSpec.Cost;
import io.ubernetes.federation.cluster.MemberClusterSpec.Taint;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation, defaults and derived labels of {@link MemberCluster}s. */
@Component
@Order(10)
public class MemberClusterStrategy
    extends RecordKindStrategy<MemberCluster, MemberClusterSpec, MemberClusterStatus> {
  private static final ApiKind API =
      ApiKind.of("memberclusters", "membercluster", "mc").withLegacyPlural("clusters");

  public MemberClusterStrategy() {
    super(
        MemberCluster.KIND,
        API,
        CLUSTER_SCOPED,
        MemberCluster.class,
        MemberClusterSpec.class,
        MemberClusterStatus.class,
        MemberCluster::new);
  }

  /** The reason of the Ready condition of a cluster whose agent has not reported yet. */
  public static final String NEVER_CONNECTED = "AgentNeverConnected";

  public static final String REGION_LABEL = "topology.kubernetes.io/region";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  public static final String PROVIDER_LABEL = "ubernetes.io/provider";
  public static final String TIER_LABEL = "ubernetes.io/tier";

  /** No real price per core-hour or GiB-hour comes near this; larger values are typos. */
  private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

  private static final int MAX_PRICE_SCALE = 9;
  private static final int MAX_TAINTS = 64;

  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dnsLabel(name, field, errors);
  }

  @Override
  public MemberClusterSpec admit(ObjectMeta metadata, MemberClusterSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    optionalLabelValue(spec.region(), "spec.region", errors);
    optionalLabelValue(spec.zone(), "spec.zone", errors);
    optionalLabelValue(spec.provider(), "spec.provider", errors);
    optionalLabelValue(spec.tier(), "spec.tier", errors);
    Cost cost = spec.cost();
    if (cost != null) {
      cost =
          new Cost(
              price(cost.cpuCoreHour(), "spec.cost.cpuCoreHour", errors),
              price(cost.memoryGiBHour(), "spec.cost.memoryGiBHour", errors));
    }
    validateTaints(spec.taints(), errors);
    return new MemberClusterSpec(
        spec.region(),
        spec.zone(),
        spec.provider(),
        spec.tier(),
        cost,
        spec.taints(),
        Boolean.TRUE.equals(spec.unschedulable()));
  }

  @Override
  public MemberClusterStatus initialStatus(MemberClusterSpec spec, Instant now) {
    Condition ready =
        new Condition(
            "Ready",
            "Unknown",
            NEVER_CONNECTED,
            "No member agent has reported for this cluster yet",
            now.truncatedTo(ChronoUnit.SECONDS).toString(),
            1L);
    return new MemberClusterStatus(List.of(ready), null, null, null, null, null, null, null, null);
  }

  @Override
  public Set<String> managedLabelKeys() {
    return Set.of(REGION_LABEL, ZONE_LABEL, PROVIDER_LABEL, TIER_LABEL);
  }

  @Override
  public Map<String, String> managedLabels(MemberClusterSpec spec) {
    Map<String, String> labels = new HashMap<>();
    putIfPresent(labels, REGION_LABEL, spec.region());
    putIfPresent(labels, ZONE_LABEL, spec.zone());
    putIfPresent(labels, PROVIDER_LABEL, spec.provider());
    putIfPresent(labels, TIER_LABEL, spec.tier());
    return labels;
  }

  private static void validateTaints(List<Taint> taints, FieldErrors errors) {
    if (taints.size() > MAX_TAINTS) {
      errors.add("spec.taints", "at most " + MAX_TAINTS + " taints, got " + taints.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint taint = taints.get(i);
      String field = "spec.taints[" + i + "]";
      if (taint.key() == null || taint.key().isEmpty()) {
        errors.required(field + ".key");
      } else {
        KubernetesValidation.labelKey(taint.key(), field + ".key", errors);
      }
      optionalLabelValue(taint.value(), field + ".value", errors);
      if (taint.effect() == null) {
        errors.required(field + ".effect");
      } else if (!seen.add(taint.key() + "\n" + taint.effect())) {
        errors.add(field, "duplicate taint for key \"" + taint.key() + "\" and this effect");
      }
    }
  }

  private static BigDecimal price(BigDecimal price, String field, FieldErrors errors) {
    if (price == null) {
      return null;
    }
    if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
      errors.add(field, "must be between 0 and " + MAX_PRICE.toPlainString() + ", got " + price);
    }
    BigDecimal normalized = price.stripTrailingZeros();
    if (normalized.scale() > MAX_PRICE_SCALE) {
      errors.add(field, "at most " + MAX_PRICE_SCALE + " decimal places, got " + price);
    }
    return normalized.scale() < 0 ? normalized.setScale(0) : normalized;
  }

  private static void optionalLabelValue(String value, String field, FieldErrors errors) {
    if (value != null) {
      KubernetesValidation.labelValue(value, field, errors);
    }
  }

  private static void putIfPresent(Map<String, String> labels, String key, String value) {
    if (value != null && !value.isEmpty()) {
      labels.put(key, value);
    }
  }

  /** A cluster's taints are told apart by key and effect, as a node's are. */
  @Override
  public Map<String, List<String>> listMapKeys() {
    return Map.of("spec.taints", List.of("key", "effect"), "status.conditions", List.of("type"));
  }
}
