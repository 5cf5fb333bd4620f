package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.policy.Placement.Coupling;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.policy.PlacementValidator;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.ApiKind.Subresource;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.ManifestValidator.ManifestKey;
import io.ubernetes.federation.workload.WorkloadSpec.ClusterOverride;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validation and defaults of {@link FederatedWorkload}s, and their reference to a policy. The code
 * that works on workloads by uid (placement, rollouts, work, reports) reads {@link
 * ClusterFederatedWorkload}s through it too, as FederatedWorkloads without a namespace: see {@link
 * #storedKinds}.
 */
@Component
@Order(60)
public class FederatedWorkloadStrategy
    implements ResourceStrategy<FederatedWorkload, WorkloadSpec, WorkloadStatus> {
  /**
   * Served on every workload of either scope, by the scheduling, rollout and agents features (what
   * one cluster gets of it).
   */
  static final List<Subresource> SUBRESOURCES =
      List.of(
          new Subresource("placement", "WorkloadPlacement"),
          new Subresource("revisions", "WorkloadRevisionList"),
          new Subresource("rollout", "WorkloadRollout"),
          new Subresource("render", "RenderedWork"));

  private static final ApiKind API =
      ApiKind.of("federatedworkloads", "federatedworkload", "fw")
          .withLegacyPlural("workloads")
          .withSubresources(SUBRESOURCES);

  private static final int MAX_RESOURCES = 100;
  private static final int MAX_OVERRIDES = 100;
  private static final int MAX_REVISION_HISTORY_LIMIT = 100;

  private final ManifestValidator manifests;
  private final SystemWrites writes;

  FederatedWorkloadStrategy(ManifestValidator manifests, SystemWrites writes) {
    this.manifests = manifests;
    this.writes = writes;
  }

  @Override
  public String kind() {
    return FederatedWorkload.KIND;
  }

  @Override
  public ApiKind api() {
    return API;
  }

  /** ClusterFederatedWorkloads have the same spec and status, and go the same way by uid. */
  @Override
  public List<String> storedKinds() {
    return List.of(FederatedWorkload.KIND, ClusterFederatedWorkload.KIND);
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public Class<FederatedWorkload> type() {
    return FederatedWorkload.class;
  }

  @Override
  public Class<WorkloadSpec> specType() {
    return WorkloadSpec.class;
  }

  @Override
  public Class<WorkloadStatus> statusType() {
    return WorkloadStatus.class;
  }

  @Override
  public FederatedWorkload assemble(ObjectMeta metadata, WorkloadSpec spec, WorkloadStatus status) {
    if (metadata.namespace() != null && !metadata.namespace().isEmpty()) {
      return new FederatedWorkload(
          ApiObject.API_VERSION, FederatedWorkload.KIND, metadata, spec, status);
    }
    // A ClusterFederatedWorkload read by uid: its namespace is the empty one it is stored with, so
    // that the code keyed by namespace and name treats it as any workload.
    ObjectMeta clusterScoped =
        new ObjectMeta(
            metadata.name(),
            "",
            metadata.labels(),
            metadata.annotations(),
            metadata.uid(),
            metadata.resourceVersion(),
            metadata.generation(),
            metadata.creationTimestamp(),
            metadata.managedFields());
    return new FederatedWorkload(
        ApiObject.API_VERSION, ClusterFederatedWorkload.KIND, clusterScoped, spec, status);
  }

  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dnsSubdomain(name, field, errors);
  }

  @Override
  public WorkloadSpec admit(ObjectMeta metadata, WorkloadSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    String namespace = metadata.namespace();
    String name = metadata.name();
    if (namespace != null && name != null && namespace.length() + 1 + name.length() > 63) {
      // Every object in the member clusters carries ubernetes.io/workload=<namespace>.<name>.
      errors.add(
          "metadata.name",
          "with its namespace, at most 62 characters: member clusters label the workload's objects"
              + " <namespace>.<name>, and a label value holds 63");
    } else if (namespace == null && name != null && WireLabels.workload(null, name).length() > 63) {
      errors.add(
          "metadata.name",
          "at most "
              + (63 - WireLabels.CLUSTER_WORKLOAD_PREFIX.length())
              + " characters: member clusters label the workload's objects "
              + WireLabels.CLUSTER_WORKLOAD_PREFIX
              + "<name>, and a label value holds 63");
    }
    if (spec.template() == null) {
      errors.required("spec.template");
    } else {
      manifests.validate(spec.template(), "spec.template", namespace, false, errors);
    }
    validateResources(spec.resources(), namespace, errors);
    errors.range("spec.replicas", spec.replicas(), 0, PlacementValidator.MAX_REPLICAS);
    Placement placement =
        spec.placement() == null
            ? null
            : PlacementValidator.admit(spec.placement(), "spec.placement", true, errors);
    if (placement != null && name != null) {
      List<Coupling> coupling = placement.coupling();
      for (int i = 0; i < coupling.size(); i++) {
        if (name.equals(coupling.get(i).workload())) {
          errors.add(
              "spec.placement.coupling[" + i + "].workload",
              "a workload cannot be coupled to itself");
        }
      }
    }
    validateOverrides(spec.overrides(), spec.template(), errors);
    AutoscalingValidator.validate(
        spec.autoscaling(), spec.template(), spec.resources(), name, errors);
    validateRollout(spec.rollout(), errors);
    errors.range(
        "spec.revisionHistoryLimit", spec.revisionHistoryLimit(), 1, MAX_REVISION_HISTORY_LIMIT);
    if (spec.rolloutStrategy() != null) {
      RolloutStrategyValidator.validate(
          spec.rolloutStrategy(), "spec.rolloutStrategy", true, errors);
    }
    if (spec.rolloutControl() != null) {
      RolloutStrategyValidator.control(spec.rolloutControl(), "spec.rolloutControl", errors);
    }
    StatusFeedbackValidator.validate(spec.statusFeedback(), "spec.statusFeedback", errors);
    return new WorkloadSpec(
        spec.template(),
        spec.resources(),
        spec.replicas() == null ? 1 : spec.replicas(),
        placement,
        spec.overrides(),
        spec.rollout(),
        spec.revisionHistoryLimit(),
        spec.rolloutStrategy(),
        spec.rolloutControl(),
        spec.autoscaling(),
        spec.propagateDependencies(),
        spec.statusFeedback());
  }

  @Override
  public WorkloadStatus initialStatus(WorkloadSpec spec, Instant now) {
    return WorkloadStatus.NONE;
  }

  /**
   * A referenced policy or rollout strategy must exist, and stays locked against deletion until
   * this write commits.
   */
  @Override
  public void beforeWrite(String namespace, String name, WorkloadSpec spec) {
    String policy = spec.placement() == null ? null : spec.placement().policyRef();
    if (policy != null && !writes.lockShared(PlacementPolicy.KIND, "", policy)) {
      throw missing(name, "spec.placement.policyRef", PlacementPolicy.KIND, policy);
    }
    String strategy = spec.rolloutStrategy() == null ? null : spec.rolloutStrategy().strategyRef();
    if (strategy != null && !writes.lockShared(RolloutStrategySpec.KIND, "", strategy)) {
      throw missing(name, "spec.rolloutStrategy.strategyRef", RolloutStrategySpec.KIND, strategy);
    }
  }

  private static ApiException missing(String name, String field, String kind, String referred) {
    return ApiException.invalid(
        FederatedWorkload.KIND,
        name,
        List.of(new FieldError(field, kind + " \"" + referred + "\" does not exist")));
  }

  private void validateResources(List<JsonNode> resources, String namespace, FieldErrors errors) {
    if (resources.size() > MAX_RESOURCES) {
      errors.add(
          "spec.resources", "at most " + MAX_RESOURCES + " entries, got " + resources.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < resources.size(); i++) {
      String field = "spec.resources[" + i + "]";
      ManifestKey key = manifests.validate(resources.get(i), field, namespace, true, errors);
      if (key != null
          && key.name() != null
          && !seen.add(key.group() + "/" + key.kind() + "/" + key.name())) {
        errors.add(field, "duplicate " + key.kind() + " \"" + key.name() + "\"");
      }
    }
  }

  private static void validateRollout(Rollout rollout, FieldErrors errors) {
    if (rollout == null) {
      return;
    }
    String unavailable =
        rollout.maxUnavailable() == null
            ? null
            : rollout.maxUnavailable().validate(PlacementValidator.MAX_REPLICAS, 100);
    String surge =
        rollout.maxSurge() == null
            ? null
            : rollout.maxSurge().validate(PlacementValidator.MAX_REPLICAS, 100);
    if (unavailable != null) {
      errors.add("spec.rollout.maxUnavailable", unavailable);
    }
    if (surge != null) {
      errors.add("spec.rollout.maxSurge", surge);
    }
    if (unavailable == null
        && surge == null
        && rollout.unavailable().amount() == 0
        && rollout.surge().amount() == 0) {
      errors.add(
          "spec.rollout.maxUnavailable", "may not be 0 when maxSurge is 0: nothing could move");
    }
  }

  /**
   * @param template the workload's template, whose kind tells whether its replicas are the
   *     federation's
   */
  private static void validateOverrides(
      List<ClusterOverride> overrides, JsonNode template, FieldErrors errors) {
    boolean replicated =
        template != null && OwnedFields.REPLICATED.contains(template.path("kind").asString(""));
    if (overrides.size() > MAX_OVERRIDES) {
      errors.add(
          "spec.overrides", "at most " + MAX_OVERRIDES + " entries, got " + overrides.size());
    }
    for (int i = 0; i < overrides.size(); i++) {
      String field = "spec.overrides[" + i + "]";
      ClusterOverride override = overrides.get(i);
      PlacementValidator.selector(override.clusterSelector(), field + ".clusterSelector", errors);
      if (override.patch().isEmpty()) {
        errors.add(field + ".patch", "must contain at least one operation");
      }
      for (int j = 0; j < override.patch().size(); j++) {
        String opField = field + ".patch[" + j + "]";
        try {
          Patch.Operation operation = Patch.Operation.parse(override.patch().get(j), opField);
          OwnedFields.Refusal refusal = OwnedFields.refusal(operation, replicated);
          if (refusal != null) {
            errors.add(opField + "." + refusal.field(), refusal.reason());
          }
        } catch (ApiException e) {
          e.errors().forEach(error -> errors.add(error.field(), error.message()));
        }
      }
    }
  }

  @Override
  public Map<String, List<String>> listMapKeys() {
    return Map.of(
        "status.conditions",
        List.of("type"),
        "status.clusters",
        List.of("name"),
        "spec.rolloutStrategy.stages",
        List.of("name"));
  }
}
