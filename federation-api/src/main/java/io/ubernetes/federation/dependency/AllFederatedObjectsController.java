package io.ubernetes.federation.dependency;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.dependency.FederatedObject.FederatedObjectStatus;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ResourceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Federated objects across all namespaces: {@code /apis/ubernetes.io/v1/federatedobjects}. */
@RestController
@RequestMapping(
    path = "/apis/ubernetes.io/v1/federatedobjects",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "FederatedObject")
class AllFederatedObjectsController
    extends AllNamespacesController<FederatedObject, FederatedObjectSpec, FederatedObjectStatus> {

  AllFederatedObjectsController(ResourceReader reader, FederatedObjectStrategy strategy) {
    super(reader, strategy);
  }
}
