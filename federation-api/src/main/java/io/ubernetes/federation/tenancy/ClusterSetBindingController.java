package io.ubernetes.federation.tenancy;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingSpec;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster set bindings of a namespace: {@code
 * /apis/ubernetes.io/v1/namespaces/{namespace}/clustersetbindings}, also at {@code
 * /api/v1/namespaces/{namespace}/clustersetbindings}.
 */
@RestController
@RequestMapping(
    path = {
      "/api/v1/namespaces/{namespace}/clustersetbindings",
      "/apis/ubernetes.io/v1/namespaces/{namespace}/clustersetbindings"
    },
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "ClusterSetBinding",
    description =
        "Lets the workloads of a namespace use the clusters of one cluster set; with no binding,"
            + " the default cluster set applies")
class ClusterSetBindingController
    extends NamespacedResourceController<
        ClusterSetBinding, ClusterSetBindingSpec, ClusterSetBindingStatus> {

  ClusterSetBindingController(
      ResourceStore store, ResourceReader reader, ClusterSetBindingStrategy strategy) {
    super(store, reader, strategy);
  }
}
