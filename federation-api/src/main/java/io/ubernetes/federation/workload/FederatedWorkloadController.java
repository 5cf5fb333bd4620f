package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Federated workloads of a namespace: {@code
 * /apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads}, also at {@code
 * /api/v1/namespaces/{namespace}/workloads}.
 */
@RestController
@RequestMapping(
    path = {
      "/api/v1/namespaces/{namespace}/workloads",
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads"
    },
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "FederatedWorkload", description = "Native Kubernetes workloads run across clusters")
class FederatedWorkloadController
    extends NamespacedResourceController<FederatedWorkload, WorkloadSpec, WorkloadStatus> {

  FederatedWorkloadController(
      ResourceStore store, ResourceReader reader, FederatedWorkloadStrategy strategy) {
    super(store, reader, strategy);
  }
}
