package io.ubernetes.federation.service;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Federated services of a namespace: {@code
 * /apis/ubernetes.io/v1/namespaces/{namespace}/federatedservices}, also at {@code
 * /api/v1/namespaces/{namespace}/services}.
 */
@RestController
@RequestMapping(
    path = {
      "/api/v1/namespaces/{namespace}/services",
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedservices"
    },
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "FederatedService",
    description =
        "Native Kubernetes Services in front of a federated workload, in every cluster it runs in")
class FederatedServiceController
    extends NamespacedResourceController<
        FederatedService, FederatedServiceSpec, FederatedServiceStatus> {

  FederatedServiceController(
      ResourceStore store, ResourceReader reader, FederatedServiceStrategy strategy) {
    super(store, reader, strategy);
  }
}
