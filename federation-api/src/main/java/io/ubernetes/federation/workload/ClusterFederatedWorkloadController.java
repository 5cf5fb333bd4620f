package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster-scoped federated workloads: {@code /apis/ubernetes.io/v1/clusterfederatedworkloads}, also
 * at {@code /api/v1/clusterworkloads}.
 */
@RestController
@RequestMapping(
    path = {"/api/v1/clusterworkloads", "/apis/ubernetes.io/v1/clusterfederatedworkloads"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "ClusterFederatedWorkload",
    description =
        "Cluster-scoped objects (CustomResourceDefinitions, Namespaces, RBAC, PriorityClasses...)"
            + " and the namespaced objects that need them, run across clusters")
class ClusterFederatedWorkloadController
    extends ClusterScopedResourceController<
        ClusterFederatedWorkload, WorkloadSpec, WorkloadStatus> {

  ClusterFederatedWorkloadController(
      ResourceStore store, ResourceReader reader, ClusterFederatedWorkloadStrategy strategy) {
    super(store, reader, strategy);
  }
}
