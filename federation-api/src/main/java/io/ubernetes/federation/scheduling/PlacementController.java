package io.ubernetes.federation.scheduling;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Placement decisions: the stored one of a workload, and what-if simulations. */
@RestController
@Tag(name = "Placement", description = "Where workloads run, and why")
class PlacementController {
  private static final String YAML = MediaType.APPLICATION_YAML_VALUE;
  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final ClusterFederatedWorkloadStrategy clusterWorkloads;
  private final PlacementRepository repository;
  private final PlacementSimulator simulator;
  private final JsonMapper stored;

  PlacementController(
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads,
      PlacementRepository repository,
      PlacementSimulator simulator,
      JsonMapper json) {
    this.reader = reader;
    this.workloads = workloads;
    this.clusterWorkloads = clusterWorkloads;
    this.repository = repository;
    this.simulator = simulator;
    this.stored = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  @Operation(
      summary = "The stored placement decision of a workload, with its explanation",
      description = "404 until the scheduler has decided")
  @GetMapping(
      path = {
        "/api/v1/namespaces/{namespace}/workloads/{name}/placement",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}/placement"
      },
      produces = {JSON, YAML})
  WorkloadPlacement placement(@PathVariable String namespace, @PathVariable String name) {
    return placement(reader.get(workloads, namespace, name));
  }

  @Operation(
      summary = "The stored placement decision of a cluster-scoped workload, with its explanation",
      description = "404 until the scheduler has decided")
  @GetMapping(
      path = {
        "/api/v1/clusterworkloads/{name}/placement",
        "/apis/ubernetes.io/v1/clusterfederatedworkloads/{name}/placement"
      },
      produces = {JSON, YAML})
  WorkloadPlacement clusterPlacement(@PathVariable String name) {
    return placement(reader.get(clusterWorkloads, null, name).asWorkload());
  }

  private WorkloadPlacement placement(FederatedWorkload workload) {
    String namespace = workload.metadata().namespace();
    String name = workload.metadata().name();
    return repository
        .decision(UUID.fromString(workload.metadata().uid()))
        .map(d -> stored.readValue(d.explanation(), WorkloadPlacement.class).withLegend())
        .orElseThrow(
            () ->
                ApiException.notFound(
                    WorkloadPlacement.KIND, namespace, name + " (not placed yet)"));
  }

  @Operation(
      summary =
          "Where a workload would go: a decision with every cluster explained; nothing stored")
  @PostMapping(
      path = "/api/v1/placement:simulate",
      consumes = {JSON, YAML},
      produces = {JSON, YAML})
  WorkloadPlacement simulate(@RequestBody SimulationRequest request) {
    return simulator.simulate(request).withLegend();
  }
}
