package io.ubernetes.federation.dependency;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.dependency.FederatedObject.FederatedObjectStatus;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The store of a namespace's shared ConfigMaps, Secrets, ServiceAccounts and
 * PersistentVolumeClaims: {@code /apis/ubernetes.io/v1/namespaces/{namespace}/federatedobjects},
 * also at {@code /api/v1/namespaces/{namespace}/federatedobjects}.
 */
@RestController
@RequestMapping(
    path = {
      "/api/v1/namespaces/{namespace}/federatedobjects",
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedobjects"
    },
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "FederatedObject",
    description =
        "Shared ConfigMaps, Secrets, ServiceAccounts and PersistentVolumeClaims that follow the"
            + " workloads of their namespace whose pod templates refer to them")
class FederatedObjectController
    extends NamespacedResourceController<
        FederatedObject, FederatedObjectSpec, FederatedObjectStatus> {

  FederatedObjectController(
      ResourceStore store, ResourceReader reader, FederatedObjectStrategy strategy) {
    super(store, reader, strategy);
  }
}
