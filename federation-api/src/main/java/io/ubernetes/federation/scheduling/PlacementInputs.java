package io.ubernetes.federation.scheduling;

import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterSpec;
import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStatus.ResourceAmounts;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.IntOrPercent;
import io.ubernetes.federation.workload.TemplateRequests;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.NodeGroup;
import io.ubernetes.placement.PlacementSpec;
import io.ubernetes.placement.Price;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Rollout;
import io.ubernetes.placement.Taint;
import io.ubernetes.placement.TaintEffect;
import io.ubernetes.placement.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the API's resources into the placement engine's inputs. The engine never sees the API:
 * this class is the whole of the coupling between them.
 */
public final class PlacementInputs {
  /** The weight of a Preferred coupling that does not say. */
  static final int DEFAULT_COUPLING_WEIGHT = 50;

  private PlacementInputs() {}

  /**
   * @param committed what the ledger commits on the cluster; added to what the cluster reports as
   *     used outside the federation
   */
  static Cluster cluster(
      MemberCluster cluster,
      Resources committed,
      Instant now,
      Duration grace,
      Duration recoveryHoldDown) {
    MemberClusterSpec spec = cluster.spec();
    MemberClusterStatus status = cluster.status();
    Resources allocatable = status == null ? Resources.ZERO : amounts(status.allocatable());
    Resources external = status == null ? Resources.ZERO : amounts(status.allocated());
    Price price =
        spec.cost() == null
            ? Price.FREE
            : new Price(
                spec.cost().cpuCoreHour() == null ? 0 : spec.cost().cpuCoreHour().doubleValue(),
                spec.cost().memoryGiBHour() == null
                    ? 0
                    : spec.cost().memoryGiBHour().doubleValue());
    Readiness readiness = readiness(status, now, grace, recoveryHoldDown);
    return new Cluster(
        cluster.metadata().name(),
        cluster.metadata().labels(),
        spec.taints().stream().map(t -> new Taint(t.key(), t.value(), effect(t.effect()))).toList(),
        Boolean.TRUE.equals(spec.unschedulable()),
        readiness,
        allocatable,
        new Resources(
            external.cpuMillis() + committed.cpuMillis(),
            external.memoryBytes() + committed.memoryBytes(),
            external.pods() + committed.pods()),
        price,
        status == null ? null : nodes(status.nodes()),
        readinessReason(status, readiness, grace, recoveryHoldDown));
  }

  /** The nodes a cluster reported, as placement counts them; null when it reported none. */
  static List<NodeGroup> nodes(List<MemberClusterStatus.NodeCapacity> nodes) {
    if (nodes == null) {
      return null;
    }
    List<NodeGroup> groups = new ArrayList<>(nodes.size());
    for (MemberClusterStatus.NodeCapacity node : nodes) {
      if (node != null && node.count() > 0) {
        groups.add(new NodeGroup(node.count(), amounts(node.free())));
      }
    }
    return groups;
  }

  /**
   * Why a cluster that is not {@code READY} is not, for explanations: a cluster whose Ready
   * condition is True but that recovered within the hold-down says so and until when; one whose
   * agent never connected says that, not that it failed; the others say since when they are not
   * ready and when (or that) their replicas move.
   */
  static String readinessReason(
      MemberClusterStatus status, Readiness readiness, Duration grace, Duration holdDown) {
    if (readiness == Readiness.READY) {
      return null;
    }
    Condition ready = status == null ? null : Conditions.find(status.conditions(), "Ready");
    Instant since = ready == null ? null : instant(ready.lastTransitionTime());
    if (ready == null || since == null) {
      return readiness == Readiness.FAILED ? "failed: it has never been ready" : "not ready";
    }
    if ("True".equals(ready.status())) {
      return "recovered at "
          + since
          + ": takes no new replicas until "
          + since.plus(holdDown)
          + " (recovery hold-down)";
    }
    if (MemberClusterStrategy.NEVER_CONNECTED.equals(ready.reason())) {
      return "its agent never connected";
    }
    String why = ready.reason() == null ? "" : " (" + ready.reason() + ")";
    if (readiness == Readiness.NOT_READY) {
      return "not ready since "
          + since
          + why
          + ": keeps its replicas, which move at "
          + since.plus(grace)
          + " unless it recovers";
    }
    return "failed: not ready since "
        + since
        + why
        + ", longer than the "
        + grace.toSeconds()
        + "s grace period";
  }

  /**
   * Ready when its Ready condition is True, except that a cluster that recovered less than {@code
   * holdDown} ago counts as not ready (keeps its replicas, takes no new ones, so that a cluster
   * that comes and goes does not pull replicas back and forth); not ready for up to the grace
   * period after the condition left True; failed (replicas move) after that.
   */
  static Readiness readiness(
      MemberClusterStatus status, Instant now, Duration grace, Duration holdDown) {
    Condition ready = status == null ? null : Conditions.find(status.conditions(), "Ready");
    Instant since = ready == null ? null : instant(ready.lastTransitionTime());
    if (ready != null && "True".equals(ready.status())) {
      boolean recovering =
          MemberClusterStatus.RECOVERED.equals(ready.reason())
              && since != null
              && now.isBefore(since.plus(holdDown));
      return recovering ? Readiness.NOT_READY : Readiness.READY;
    }
    return since != null && now.isBefore(since.plus(grace))
        ? Readiness.NOT_READY
        : Readiness.FAILED;
  }

  static PlacementSpec spec(Placement placement) {
    if (placement == null) {
      return PlacementSpec.ANYWHERE;
    }
    return new PlacementSpec(
        selector(placement.clusterSelector()),
        placement.preferences().stream()
            .map(p -> new PlacementSpec.Preference(p.weight(), selector(p.selector())))
            .toList(),
        placement.tolerations().stream()
            .map(
                t ->
                    new Toleration(
                        t.key(),
                        t.operator() == Placement.TolerationOperator.EXISTS
                            ? Toleration.Operator.EXISTS
                            : Toleration.Operator.EQUAL,
                        t.value(),
                        t.effect() == null ? null : effect(t.effect())))
            .toList(),
        placement.mode() == Placement.Mode.DUPLICATED
            ? PlacementSpec.Mode.DUPLICATED
            : PlacementSpec.Mode.DIVIDED,
        valueOr(placement.minReplicasPerCluster(), 0),
        valueOr(placement.maxReplicasPerCluster(), 0),
        valueOr(placement.maxClusters(), 0),
        placement.spread().stream()
            .map(s -> new PlacementSpec.Spread(s.topologyKey(), s.minGroups()))
            .toList(),
        placement.coupling().stream()
            .map(
                c ->
                    new PlacementSpec.Coupling(
                        c.workload(),
                        switch (c.type()) {
                          case STRICT -> PlacementSpec.CouplingType.STRICT;
                          case PREFERRED -> PlacementSpec.CouplingType.PREFERRED;
                          case ANTI_AFFINITY -> PlacementSpec.CouplingType.ANTI_AFFINITY;
                        },
                        c.topologyKey(),
                        valueOr(c.weight(), DEFAULT_COUPLING_WEIGHT)))
            .toList(),
        placement.burst() == null
            ? null
            : new PlacementSpec.Burst(
                placement.burst().tiers(),
                placement.burst().maxUtilization(),
                Duration.ofSeconds(placement.burst().scaleBackAfterSeconds())),
        weights(placement.costWeights()));
  }

  /** A workload's rollout bounds in replicas, for a move to {@code desired} replicas. */
  static Rollout.Limits limits(io.ubernetes.federation.workload.Rollout rollout, int desired) {
    io.ubernetes.federation.workload.Rollout given =
        rollout == null ? new io.ubernetes.federation.workload.Rollout(null, null) : rollout;
    return Rollout.Limits.of(desired, bound(given.surge()), bound(given.unavailable()));
  }

  private static Rollout.Bound bound(IntOrPercent value) {
    return value.isPercent()
        ? Rollout.Bound.percent(value.amount())
        : Rollout.Bound.replicas(value.amount());
  }

  private static PlacementSpec.CostWeights weights(Placement.CostWeights weights) {
    if (weights == null) {
      return PlacementSpec.CostWeights.DEFAULT;
    }
    return new PlacementSpec.CostWeights(
        valueOr(weights.price(), 1.0),
        valueOr(weights.utilization(), 1.0),
        valueOr(weights.preference(), 1.0),
        valueOr(weights.coupling(), 1.0),
        valueOr(weights.stickiness(), 1.0));
  }

  /** A cluster selector of the API as the engine's (and the rollout machine's) selector. */
  public static LabelSelector selector(Placement.ClusterSelector selector) {
    if (selector == null) {
      return LabelSelector.ALL;
    }
    List<LabelSelector.Requirement> expressions =
        selector.matchExpressions().stream()
            .map(
                e ->
                    new LabelSelector.Requirement(
                        e.key(),
                        switch (e.operator()) {
                          case IN -> LabelSelector.Operator.IN;
                          case NOT_IN -> LabelSelector.Operator.NOT_IN;
                          case EXISTS -> LabelSelector.Operator.EXISTS;
                          case DOES_NOT_EXIST -> LabelSelector.Operator.DOES_NOT_EXIST;
                        },
                        e.values()))
            .toList();
    return new LabelSelector(selector.matchLabels(), expressions);
  }

  private static TaintEffect effect(io.ubernetes.federation.cluster.TaintEffect effect) {
    return switch (effect) {
      case NO_SCHEDULE -> TaintEffect.NO_SCHEDULE;
      case PREFER_NO_SCHEDULE -> TaintEffect.PREFER_NO_SCHEDULE;
      case NO_EXECUTE -> TaintEffect.NO_EXECUTE;
    };
  }

  /**
   * Kubernetes quantities as placement counts them: millicores, bytes, pods. An amount that does
   * not parse counts as nothing: a cluster reporting nonsense gets no work, the scheduler goes on.
   */
  static Resources amounts(ResourceAmounts amounts) {
    if (amounts == null) {
      return Resources.ZERO;
    }
    try {
      return new Resources(
          amounts.cpu() == null ? 0 : TemplateRequests.millicores(new Quantity(amounts.cpu())),
          amounts.memory() == null ? 0 : TemplateRequests.bytes(new Quantity(amounts.memory())),
          amounts.pods() == null ? 0 : TemplateRequests.bytes(new Quantity(amounts.pods())));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Resources.ZERO;
    }
  }

  private static Instant instant(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static <V> V valueOr(V value, V fallback) {
    return value == null ? fallback : value;
  }
}
