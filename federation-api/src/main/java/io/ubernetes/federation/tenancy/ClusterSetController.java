package io.ubernetes.federation.tenancy;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.tenancy.ClusterSet.ClusterSetSpec;
import io.ubernetes.federation.tenancy.ClusterSet.ClusterSetStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster sets: {@code /apis/ubernetes.io/v1/clustersets}, also at {@code /api/v1/clustersets}. */
@RestController
@RequestMapping(
    path = {"/api/v1/clustersets", "/apis/ubernetes.io/v1/clustersets"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "ClusterSet",
    description =
        "A named group of member clusters, chosen by their labels, that namespaces may be bound to")
class ClusterSetController
    extends ClusterScopedResourceController<ClusterSet, ClusterSetSpec, ClusterSetStatus> {

  ClusterSetController(ResourceStore store, ResourceReader reader, ClusterSetStrategy strategy) {
    super(store, reader, strategy);
  }
}
