package io.ubernetes.federation.rollout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.resource.WriteOptions;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.RolloutStage;
import io.ubernetes.federation.workload.RolloutStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A workload's rollout: the full view, and the operator's verbs. Each verb is a write of {@code
 * spec.rolloutControl} through the resource store, as a {@code kubectl patch} of it would be:
 * validated, audited and seen by watches; so whoever may update the workload may use them.
 */
@RestController
@Tag(name = "Rollout", description = "How new workload revisions reach the clusters")
class RolloutController {
  private static final String YAML = MediaType.APPLICATION_YAML_VALUE;
  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  private static final String WORKLOADS = "/api/v1/namespaces/{namespace}/workloads/{name}";
  private static final String FEDERATED =
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}";

  private final ResourceReader reader;
  private final ResourceStore store;
  private final FederatedWorkloadStrategy workloads;
  private final ClusterFederatedWorkloadStrategy clusterWorkloads;
  private final RolloutStore rollouts;

  RolloutController(
      ResourceReader reader,
      ResourceStore store,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads,
      RolloutStore rollouts) {
    this.reader = reader;
    this.store = store;
    this.workloads = workloads;
    this.clusterWorkloads = clusterWorkloads;
    this.rollouts = rollouts;
  }

  @Operation(
      summary = "The rollout of a workload: revisions, stages with their clusters, gates",
      description = "404 until the scheduler has looked at the workload's first revision")
  @GetMapping(
      path = {WORKLOADS + "/rollout", FEDERATED + "/rollout"},
      produces = {JSON, YAML})
  WorkloadRollout rollout(@PathVariable String namespace, @PathVariable String name) {
    return rollout(reader.get(workloads, namespace, name));
  }

  @Operation(
      summary = "The rollout of a cluster-scoped workload: revisions, stages with their clusters",
      description = "404 until the scheduler has looked at the workload's first revision")
  @GetMapping(
      path = {
        "/api/v1/clusterworkloads/{name}/rollout",
        "/apis/ubernetes.io/v1/clusterfederatedworkloads/{name}/rollout"
      },
      produces = {JSON, YAML})
  WorkloadRollout clusterRollout(@PathVariable String name) {
    return rollout(reader.get(clusterWorkloads, null, name).asWorkload());
  }

  private WorkloadRollout rollout(FederatedWorkload workload) {
    String namespace = workload.metadata().namespace();
    String name = workload.metadata().name();
    RolloutStore.Stored stored =
        rollouts.load(List.of(UUID.fromString(workload.metadata().uid()))).values().stream()
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        WorkloadRollout.KIND, namespace, name + " (not rolled out yet)"));
    RolloutStatus status =
        RolloutViews.status(RolloutPlans.plan(stored.strategy()), stored.state());
    Map<String, RolloutStatus.ClusterRollout> byName = new HashMap<>();
    status.clusters().forEach(cluster -> byName.put(cluster.name(), cluster));
    Map<String, RolloutStage> gates = new HashMap<>();
    if (stored.strategy() != null) {
      stored.strategy().stages().forEach(stage -> gates.put(stage.name(), stage));
    }
    List<WorkloadRollout.StageView> stages = new ArrayList<>();
    for (RolloutStore.StageClusters stage : stored.stages()) {
      List<RolloutStatus.ClusterRollout> clusters = new ArrayList<>();
      stage.clusters().stream().map(byName::get).filter(c -> c != null).forEach(clusters::add);
      stages.add(new WorkloadRollout.StageView(stage.name(), gates.get(stage.name()), clusters));
    }
    return new WorkloadRollout(
        FederatedWorkload.API_VERSION,
        WorkloadRollout.KIND,
        new ObjectMeta(name, namespace, null, null, null, null, null, null),
        status.currentRevision(),
        status.targetRevision(),
        status.phase(),
        status.stage(),
        status.gate(),
        status.gateSince(),
        status.haltedReason(),
        status.rolledBackFrom(),
        stored.strategy(),
        stages,
        status.clusters());
  }

  @Operation(summary = "Pauses the workload's rollout: sets spec.rolloutControl.paused")
  @PostMapping(
      path = {WORKLOADS + "/rollout:pause", FEDERATED + "/rollout:pause"},
      produces = {JSON, YAML})
  FederatedWorkload pause(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    return control(namespace, name, control().put("paused", true), request);
  }

  @Operation(summary = "Resumes a paused rollout: clears spec.rolloutControl.paused")
  @PostMapping(
      path = {WORKLOADS + "/rollout:resume", FEDERATED + "/rollout:resume"},
      produces = {JSON, YAML})
  FederatedWorkload resume(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    return control(namespace, name, control().put("paused", false), request);
  }

  @Operation(
      summary = "Approves the gate the rollout waits on now",
      description =
          "Sets spec.rolloutControl.approve to <stage>@<target revision>; also resumes a rollout"
              + " halted by a failure with onFailure Pause. 409 when it waits on no approval.")
  @PostMapping(
      path = {WORKLOADS + "/rollout:approve", FEDERATED + "/rollout:approve"},
      produces = {JSON, YAML})
  FederatedWorkload approve(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    RolloutStatus rollout = rolloutOf(reader.get(workloads, namespace, name));
    boolean awaitsApproval =
        rollout != null
            && ((RolloutStatus.WAITING.equals(rollout.phase()) && "Approval".equals(rollout.gate()))
                || (RolloutStatus.HALTED.equals(rollout.phase())
                    && rollout.rolledBackFrom() == null));
    if (!awaitsApproval) {
      throw ApiException.conflict(
          "the rollout of workload "
              + namespace
              + "/"
              + name
              + " waits on no approval"
              + (rollout == null ? "" : " (phase " + rollout.phase() + ")"));
    }
    return control(
        namespace,
        name,
        control().put("approve", rollout.stage() + "@" + rollout.targetRevision()),
        request);
  }

  @Operation(
      summary = "Aborts the rollout in progress: updated clusters return to the stable revision",
      description = "Sets spec.rolloutControl.abort to the target revision; 409 when none rolls")
  @PostMapping(
      path = {WORKLOADS + "/rollout:abort", FEDERATED + "/rollout:abort"},
      produces = {JSON, YAML})
  FederatedWorkload abort(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    RolloutStatus rollout = rolloutOf(reader.get(workloads, namespace, name));
    if (rollout == null
        || RolloutStatus.COMPLETE.equals(rollout.phase())
        || RolloutStatus.ABORTED.equals(rollout.phase())) {
      throw ApiException.conflict(
          "workload " + namespace + "/" + name + " has no rollout in progress to abort");
    }
    return control(namespace, name, control().put("abort", rollout.targetRevision()), request);
  }

  @Operation(
      summary = "Rolls the workload back to a kept revision",
      description =
          "Sets spec.rolloutControl.rollbackTo: the workload's template, resources and overrides"
              + " become that revision's, as a new revision rolled out like any other")
  @PostMapping(
      path = {WORKLOADS + "/rollout:rollback", FEDERATED + "/rollout:rollback"},
      produces = {JSON, YAML})
  FederatedWorkload rollback(
      @PathVariable String namespace,
      @PathVariable String name,
      @RequestParam(name = "to", required = false) String to,
      HttpServletRequest request) {
    int revision;
    try {
      revision = to == null ? 0 : Integer.parseInt(to.strip());
    } catch (NumberFormatException e) {
      revision = 0;
    }
    if (revision < 1) {
      throw ApiException.invalid(
          FederatedWorkload.KIND,
          name,
          List.of(
              new FieldError(
                  "to",
                  "Invalid value: "
                      + (to == null ? "absent" : "\"" + to + "\"")
                      + ": the revision to roll back to, a positive integer (?to=3)")));
    }
    return control(namespace, name, control().put("rollbackTo", revision), request);
  }

  private static ObjectNode control() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Merges {@code control} into {@code spec.rolloutControl}, as a merge patch would. */
  private FederatedWorkload control(
      String namespace, String name, ObjectNode control, HttpServletRequest request) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("spec").set("rolloutControl", control);
    return store.patch(
        workloads, namespace, name, new Patch.MergePatch(patch), WriteOptions.of(request));
  }

  private static RolloutStatus rolloutOf(FederatedWorkload workload) {
    return workload.status() == null ? null : workload.status().rollout();
  }
}
