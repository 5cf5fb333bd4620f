package io.ubernetes.federation.rollout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.resource.WriteOptions;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.RolloutStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's verbs on a workload's rollout, for FederatedWorkloads and
 * ClusterFederatedWorkloads alike. Each verb is a write of {@code spec.rolloutControl} through the
 * resource store, as a {@code kubectl patch} of it would be: validated, audited and seen by
 * watches; so whoever may update the workload may use them.
 */
@RestController
@Tag(name = "Rollout", description = "How new workload revisions reach the clusters")
class RolloutVerbsController {
  private static final String YAML = MediaType.APPLICATION_YAML_VALUE;
  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  private static final String WORKLOADS = "/api/v1/namespaces/{namespace}/workloads/{name}";
  private static final String FEDERATED =
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}";
  private static final String CLUSTER_WORKLOADS = "/api/v1/clusterworkloads/{name}";
  private static final String CLUSTER_FEDERATED =
      "/apis/ubernetes.io/v1/clusterfederatedworkloads/{name}";

  private final ResourceReader reader;
  private final ResourceStore store;
  private final FederatedWorkloadStrategy workloads;
  private final ClusterFederatedWorkloadStrategy clusterWorkloads;

  RolloutVerbsController(
      ResourceReader reader,
      ResourceStore store,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads) {
    this.reader = reader;
    this.store = store;
    this.workloads = workloads;
    this.clusterWorkloads = clusterWorkloads;
  }

  @Operation(summary = "Pauses the workload's rollout: sets spec.rolloutControl.paused")
  @PostMapping(
      path = {WORKLOADS + "/rollout:pause", FEDERATED + "/rollout:pause"},
      produces = {JSON, YAML})
  FederatedWorkload pause(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    return control(namespace, name, control().put("paused", true), request);
  }

  @Operation(
      summary = "Pauses a cluster-scoped workload's rollout: sets spec.rolloutControl.paused")
  @PostMapping(
      path = {CLUSTER_WORKLOADS + "/rollout:pause", CLUSTER_FEDERATED + "/rollout:pause"},
      produces = {JSON, YAML})
  ClusterFederatedWorkload clusterPause(@PathVariable String name, HttpServletRequest request) {
    return clusterControl(name, control().put("paused", true), request);
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
      summary =
          "Resumes the paused rollout of a cluster-scoped workload: clears"
              + " spec.rolloutControl.paused")
  @PostMapping(
      path = {CLUSTER_WORKLOADS + "/rollout:resume", CLUSTER_FEDERATED + "/rollout:resume"},
      produces = {JSON, YAML})
  ClusterFederatedWorkload clusterResume(@PathVariable String name, HttpServletRequest request) {
    return clusterControl(name, control().put("paused", false), request);
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
    return control(namespace, name, approval(reader.get(workloads, namespace, name)), request);
  }

  @Operation(
      summary = "Approves the gate the rollout of a cluster-scoped workload waits on now",
      description =
          "Sets spec.rolloutControl.approve to <stage>@<target revision>; also resumes a rollout"
              + " halted by a failure with onFailure Pause. 409 when it waits on no approval.")
  @PostMapping(
      path = {CLUSTER_WORKLOADS + "/rollout:approve", CLUSTER_FEDERATED + "/rollout:approve"},
      produces = {JSON, YAML})
  ClusterFederatedWorkload clusterApprove(@PathVariable String name, HttpServletRequest request) {
    return clusterControl(name, approval(clusterWorkload(name)), request);
  }

  @Operation(
      summary = "Aborts the rollout in progress: updated clusters return to the stable revision",
      description = "Sets spec.rolloutControl.abort to the target revision; 409 when none rolls")
  @PostMapping(
      path = {WORKLOADS + "/rollout:abort", FEDERATED + "/rollout:abort"},
      produces = {JSON, YAML})
  FederatedWorkload abort(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    return control(namespace, name, abortion(reader.get(workloads, namespace, name)), request);
  }

  @Operation(
      summary =
          "Aborts the rollout of a cluster-scoped workload: updated clusters return to the stable"
              + " revision",
      description = "Sets spec.rolloutControl.abort to the target revision; 409 when none rolls")
  @PostMapping(
      path = {CLUSTER_WORKLOADS + "/rollout:abort", CLUSTER_FEDERATED + "/rollout:abort"},
      produces = {JSON, YAML})
  ClusterFederatedWorkload clusterAbort(@PathVariable String name, HttpServletRequest request) {
    return clusterControl(name, abortion(clusterWorkload(name)), request);
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
    return control(namespace, name, rollbackTo(FederatedWorkload.KIND, name, to), request);
  }

  @Operation(
      summary = "Rolls a cluster-scoped workload back to a kept revision",
      description =
          "Sets spec.rolloutControl.rollbackTo: the workload's template, resources and overrides"
              + " become that revision's, as a new revision rolled out like any other")
  @PostMapping(
      path = {CLUSTER_WORKLOADS + "/rollout:rollback", CLUSTER_FEDERATED + "/rollout:rollback"},
      produces = {JSON, YAML})
  ClusterFederatedWorkload clusterRollback(
      @PathVariable String name,
      @RequestParam(name = "to", required = false) String to,
      HttpServletRequest request) {
    return clusterControl(name, rollbackTo(ClusterFederatedWorkload.KIND, name, to), request);
  }

  private FederatedWorkload clusterWorkload(String name) {
    return reader.get(clusterWorkloads, null, name).asWorkload();
  }

  /** The approval of the gate the workload's rollout waits on; 409 when it waits on none. */
  private static ObjectNode approval(FederatedWorkload workload) {
    RolloutStatus rollout = rolloutOf(workload);
    boolean awaitsApproval =
        rollout != null
            && ((RolloutStatus.WAITING.equals(rollout.phase()) && "Approval".equals(rollout.gate()))
                || (RolloutStatus.HALTED.equals(rollout.phase())
                    && rollout.rolledBackFrom() == null));
    if (!awaitsApproval) {
      throw ApiException.conflict(
          "the rollout of workload "
              + qualified(workload)
              + " waits on no approval"
              + (rollout == null ? "" : " (phase " + rollout.phase() + ")"));
    }
    return control().put("approve", rollout.stage() + "@" + rollout.targetRevision());
  }

  /** The abort of the workload's rollout in progress; 409 when none is. */
  private static ObjectNode abortion(FederatedWorkload workload) {
    RolloutStatus rollout = rolloutOf(workload);
    if (rollout == null
        || RolloutStatus.COMPLETE.equals(rollout.phase())
        || RolloutStatus.ABORTED.equals(rollout.phase())) {
      throw ApiException.conflict(
          "workload " + qualified(workload) + " has no rollout in progress to abort");
    }
    return control().put("abort", rollout.targetRevision());
  }

  /** The rollback to the revision {@code ?to} names; 422 naming {@code to} unless positive. */
  private static ObjectNode rollbackTo(String kind, String name, String to) {
    int revision;
    try {
      revision = to == null ? 0 : Integer.parseInt(to.strip());
    } catch (NumberFormatException e) {
      revision = 0;
    }
    if (revision < 1) {
      throw ApiException.invalid(
          kind,
          name,
          List.of(
              new FieldError(
                  "to",
                  "Invalid value: "
                      + (to == null ? "absent" : "\"" + to + "\"")
                      + ": the revision to roll back to, a positive integer (?to=3)")));
    }
    return control().put("rollbackTo", revision);
  }

  private static String qualified(FederatedWorkload workload) {
    return workload.clusterScoped()
        ? workload.metadata().name()
        : workload.metadata().namespace() + "/" + workload.metadata().name();
  }

  private static ObjectNode control() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Merges {@code control} into {@code spec.rolloutControl}, as a merge patch would. */
  private FederatedWorkload control(
      String namespace, String name, ObjectNode control, HttpServletRequest request) {
    return store.patch(
        workloads, namespace, name, new Patch.MergePatch(patch(control)), WriteOptions.of(request));
  }

  private ClusterFederatedWorkload clusterControl(
      String name, ObjectNode control, HttpServletRequest request) {
    return store.patch(
        clusterWorkloads,
        null,
        name,
        new Patch.MergePatch(patch(control)),
        WriteOptions.of(request));
  }

  private static ObjectNode patch(ObjectNode control) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("spec").set("rolloutControl", control);
    return patch;
  }

  private static RolloutStatus rolloutOf(FederatedWorkload workload) {
    return workload.status() == null ? null : workload.status().rollout();
  }
}
