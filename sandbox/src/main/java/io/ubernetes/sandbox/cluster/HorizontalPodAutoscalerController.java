package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HorizontalPodAutoscalers (autoscaling/v2) of Deployments, StatefulSets and ReplicaSets: the HPA
 * controller, with the pods' utilization taken from the HPA's annotation (see {@link Autoscaling}).
 * It writes the target's {@code spec.replicas} as the controller does through the scale
 * subresource, and the HPA's status: current and desired replicas, the utilization the pods report,
 * {@code lastScaleTime}, and the conditions {@code AbleToScale}, {@code ScalingActive} and {@code
 * ScalingLimited}. Without the annotation (no metrics to be had) it only keeps the count within the
 * bounds, and says so in {@code ScalingActive=False}. The target utilization is the first {@code
 * Resource} metric's {@code averageUtilization}, 80 when the HPA lists no metrics.
 */
final class HorizontalPodAutoscalerController {
  private final Mirror<HorizontalPodAutoscaler> autoscalers;
  private final Mirror<Deployment> deployments;
  private final Mirror<StatefulSet> statefulSets;
  private final Mirror<ReplicaSet> replicaSets;

  HorizontalPodAutoscalerController(
      Mirror<HorizontalPodAutoscaler> autoscalers,
      Mirror<Deployment> deployments,
      Mirror<StatefulSet> statefulSets,
      Mirror<ReplicaSet> replicaSets) {
    this.autoscalers = autoscalers;
    this.deployments = deployments;
    this.statefulSets = statefulSets;
    this.replicaSets = replicaSets;
  }

  void reconcile(Instant now) {
    for (HorizontalPodAutoscaler autoscaler : autoscalers.items()) {
      if (autoscaler.getMetadata().getDeletionTimestamp() == null
          && autoscaler.getSpec() != null
          && autoscaler.getSpec().getScaleTargetRef() != null) {
        reconcile(autoscaler, now);
      }
    }
  }

  private void reconcile(HorizontalPodAutoscaler autoscaler, Instant now) {
    HorizontalPodAutoscalerStatus before =
        autoscaler.getStatus() == null
            ? new HorizontalPodAutoscalerStatus()
            : autoscaler.getStatus();
    String time = PodLifecycle.timestamp(now);
    Conditions conditions = new Conditions(before, time);
    CrossVersionObjectReference ref = autoscaler.getSpec().getScaleTargetRef();
    Optional<HasMetadata> target = target(autoscaler.getMetadata().getNamespace(), ref);
    HorizontalPodAutoscalerStatusBuilder status =
        new HorizontalPodAutoscalerStatusBuilder(before)
            .withObservedGeneration(autoscaler.getMetadata().getGeneration());
    if (target.isEmpty()) {
      conditions.set(
          "AbleToScale",
          false,
          "FailedGetScale",
          "the HPA controller was unable to get the target's current scale: "
              + ref.getKind()
              + " "
              + ref.getName()
              + " not found");
      write(autoscaler, status.withConditions(conditions.all()).build());
      return;
    }
    int minReplicas =
        autoscaler.getSpec().getMinReplicas() == null
            ? 1
            : Math.max(1, autoscaler.getSpec().getMinReplicas());
    int maxReplicas = Math.max(minReplicas, orZero(autoscaler.getSpec().getMaxReplicas()));
    OptionalInt targetUtilization = targetUtilization(autoscaler.getSpec().getMetrics());
    Map<String, String> annotations = autoscaler.getMetadata().getAnnotations();
    OptionalInt utilization =
        Autoscaling.utilization(
            annotations == null ? null : annotations.get(Autoscaling.UTILIZATION));
    int current = replicas(target.get());
    Autoscaling decision =
        Autoscaling.decide(
            current,
            minReplicas,
            maxReplicas,
            targetUtilization.orElse(Autoscaling.DEFAULT_TARGET),
            targetUtilization.isPresent() ? utilization : OptionalInt.empty());
    conditions.set(
        "AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
    if (current == 0) {
      conditions.set(
          "ScalingActive",
          false,
          "ScalingDisabled",
          "scaling is disabled since the replica count of the target is zero");
    } else if (targetUtilization.isEmpty()) {
      conditions.set(
          "ScalingActive",
          false,
          "InvalidMetricSourceType",
          "the sandbox simulates Resource metrics with an averageUtilization target only");
    } else if (utilization.isEmpty()) {
      conditions.set(
          "ScalingActive",
          false,
          "FailedGetResourceMetric",
          "no utilization for the pods: the sandbox takes it from the annotation "
              + Autoscaling.UTILIZATION
              + " (percent, e.g. \"150\")");
    } else {
      conditions.set(
          "ScalingActive",
          true,
          "ValidMetricFound",
          "the HPA was able to successfully calculate a replica count from cpu resource"
              + " utilization (percentage of request)");
    }
    switch (Integer.signum(decision.limited())) {
      case 1 ->
          conditions.set(
              "ScalingLimited",
              true,
              "TooManyReplicas",
              "the desired replica count is more than the maximum replica count");
      case -1 ->
          conditions.set(
              "ScalingLimited",
              true,
              "TooFewReplicas",
              "the desired replica count is less than the minimum replica count");
      default ->
          conditions.set(
              "ScalingLimited",
              false,
              "DesiredWithinRange",
              "the desired count is within the acceptable range");
    }
    if (current != 0 && decision.desired() != current) {
      if (scale(target.get(), decision.desired()) == null) {
        return;
      }
      conditions.set(
          "AbleToScale",
          true,
          "SucceededRescale",
          "the HPA controller was able to update the target scale to " + decision.desired());
      status.withLastScaleTime(time);
    }
    status
        .withCurrentReplicas(current)
        .withDesiredReplicas(current == 0 ? 0 : decision.desired())
        .withCurrentMetrics(metrics(decision.reportedUtilization()))
        .withConditions(conditions.all());
    write(autoscaler, status.build());
  }

  private void write(HorizontalPodAutoscaler autoscaler, HorizontalPodAutoscalerStatus status) {
    if (!status.equals(autoscaler.getStatus())) {
      autoscalers.updateStatus(
          new HorizontalPodAutoscalerBuilder(autoscaler).withStatus(status).build());
    }
  }

  private Optional<HasMetadata> target(String namespace, CrossVersionObjectReference ref) {
    Mirror<? extends HasMetadata> mirror =
        switch (String.valueOf(ref.getKind())) {
          case "Deployment" -> deployments;
          case "StatefulSet" -> statefulSets;
          case "ReplicaSet" -> replicaSets;
          default -> null;
        };
    if (mirror == null) {
      return Optional.empty();
    }
    return mirror.items().stream()
        .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
        .filter(o -> o.getMetadata().getName().equals(ref.getName()))
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .map(o -> (HasMetadata) o)
        .findFirst();
  }

  private static int replicas(HasMetadata target) {
    Integer replicas =
        switch (target) {
          case Deployment d -> d.getSpec() == null ? null : d.getSpec().getReplicas();
          case StatefulSet s -> s.getSpec() == null ? null : s.getSpec().getReplicas();
          case ReplicaSet r -> r.getSpec() == null ? null : r.getSpec().getReplicas();
          default -> null;
        };
    return replicas == null ? 1 : replicas;
  }

  /** Writes the target's {@code spec.replicas}; null if it changed or vanished meanwhile. */
  private HasMetadata scale(HasMetadata target, int replicas) {
    return switch (target) {
      case Deployment d ->
          deployments.update(
              new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
      case StatefulSet s ->
          statefulSets.update(
              new StatefulSetBuilder(s).editSpec().withReplicas(replicas).endSpec().build());
      case ReplicaSet r ->
          replicaSets.update(
              new ReplicaSetBuilder(r).editSpec().withReplicas(replicas).endSpec().build());
      default -> null;
    };
  }

  /** The first Resource metric's averageUtilization; the default when there are no metrics. */
  private static OptionalInt targetUtilization(List<MetricSpec> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return OptionalInt.of(Autoscaling.DEFAULT_TARGET);
    }
    for (MetricSpec metric : metrics) {
      if ("Resource".equals(metric.getType())
          && metric.getResource() != null
          && metric.getResource().getTarget() != null
          && metric.getResource().getTarget().getAverageUtilization() != null
          && metric.getResource().getTarget().getAverageUtilization() > 0) {
        return OptionalInt.of(metric.getResource().getTarget().getAverageUtilization());
      }
    }
    return OptionalInt.empty();
  }

  private static List<MetricStatus> metrics(OptionalInt reported) {
    if (reported.isEmpty()) {
      return null;
    }
    return List.of(
        new MetricStatusBuilder()
            .withType("Resource")
            .withNewResource()
            .withName("cpu")
            .withNewCurrent()
            .withAverageUtilization(reported.getAsInt())
            .endCurrent()
            .endResource()
            .build());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /** The HPA's conditions, each keeping its transition time while its status stays. */
  private static final class Conditions {
    private final HorizontalPodAutoscalerStatus before;
    private final String time;
    private final List<HorizontalPodAutoscalerCondition> all = new ArrayList<>();

    Conditions(HorizontalPodAutoscalerStatus before, String time) {
      this.before = before;
      this.time = time;
    }

    void set(String type, boolean status, String reason, String message) {
      all.removeIf(c -> type.equals(c.getType()));
      String value = status ? "True" : "False";
      String since = time;
      if (before.getConditions() != null) {
        for (HorizontalPodAutoscalerCondition old : before.getConditions()) {
          if (type.equals(old.getType()) && value.equals(old.getStatus())) {
            since = old.getLastTransitionTime();
          }
        }
      }
      all.add(
          new HorizontalPodAutoscalerConditionBuilder()
              .withType(type)
              .withStatus(value)
              .withReason(reason)
              .withMessage(message)
              .withLastTransitionTime(since)
              .build());
    }

    List<HorizontalPodAutoscalerCondition> all() {
      List<HorizontalPodAutoscalerCondition> ordered = new ArrayList<>(all);
      ordered.sort(
          java.util.Comparator.comparingInt(
              c -> List.of("AbleToScale", "ScalingActive", "ScalingLimited").indexOf(c.getType())));
      return ordered;
    }
  }
}
