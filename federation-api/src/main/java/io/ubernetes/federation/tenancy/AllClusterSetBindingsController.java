package io.ubernetes.federation.tenancy;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingSpec;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster set bindings across all namespaces ({@code kubectl get clustersetbindings -A}). */
@RestController
@RequestMapping(
    path = "/apis/ubernetes.io/v1/clustersetbindings",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "ClusterSetBinding")
class AllClusterSetBindingsController
    extends AllNamespacesController<
        ClusterSetBinding, ClusterSetBindingSpec, ClusterSetBindingStatus> {

  AllClusterSetBindingsController(ResourceReader reader, ClusterSetBindingStrategy strategy) {
    super(reader, strategy);
  }
}
