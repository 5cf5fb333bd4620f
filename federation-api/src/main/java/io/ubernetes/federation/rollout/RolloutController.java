package io.ubernetes.federation.rollout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.RolloutStage;
import io.ubernetes.federation.workload.RolloutStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workload's rollout, the full view: revisions, stages with their clusters, gates. The operator's
 * verbs on it are {@link RolloutVerbsController}'s.
 */
@RestController
@Tag(name = "Rollout", description = "How new workload revisions reach the clusters")
class RolloutController {
  private static final String YAML = MediaType.APPLICATION_YAML_VALUE;
  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
  private static final String WORKLOADS = "/api/v1/namespaces/{namespace}/workloads/{name}";
  private static final String FEDERATED =
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}";
  private static final String CLUSTER_WORKLOADS = "/api/v1/clusterworkloads/{name}";
  private static final String CLUSTER_FEDERATED =
      "/apis/ubernetes.io/v1/clusterfederatedworkloads/{name}";

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final ClusterFederatedWorkloadStrategy clusterWorkloads;
  private final RolloutStore rollouts;

  RolloutController(
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads,
      RolloutStore rollouts) {
    this.reader = reader;
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
      path = {CLUSTER_WORKLOADS + "/rollout", CLUSTER_FEDERATED + "/rollout"},
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
}
