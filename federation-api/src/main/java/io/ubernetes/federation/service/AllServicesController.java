package io.ubernetes.federation.service;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ResourceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Federated services across all namespaces: {@code /apis/ubernetes.io/v1/federatedservices}. */
@RestController
@RequestMapping(
    path = "/apis/ubernetes.io/v1/federatedservices",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "FederatedService")
class AllServicesController
    extends AllNamespacesController<
        FederatedService, FederatedServiceSpec, FederatedServiceStatus> {

  AllServicesController(ResourceReader reader, FederatedServiceStrategy strategy) {
    super(reader, strategy);
  }
}
