package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ResourceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Federated workloads across all namespaces: {@code /apis/ubernetes.io/v1/federatedworkloads}, also
 * at {@code /api/v1/workloads}.
 */
@RestController
@RequestMapping(
    path = {"/api/v1/workloads", "/apis/ubernetes.io/v1/federatedworkloads"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "FederatedWorkload")
class AllWorkloadsController
    extends AllNamespacesController<FederatedWorkload, WorkloadSpec, WorkloadStatus> {

  AllWorkloadsController(ResourceReader reader, FederatedWorkloadStrategy strategy) {
    super(reader, strategy);
  }
}
