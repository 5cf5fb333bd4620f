package io.ubernetes.federation.cluster;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The member clusters of the federation: {@code /apis/ubernetes.io/v1/memberclusters}, also at
 * {@code /api/v1/clusters}.
 */
@RestController
@RequestMapping(
    path = {"/api/v1/clusters", "/apis/ubernetes.io/v1/memberclusters"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "MemberCluster", description = "Kubernetes clusters that are members of the federation")
class MemberClusterController
    extends ClusterScopedResourceController<MemberCluster, MemberClusterSpec, MemberClusterStatus> {

  MemberClusterController(
      ResourceStore store, ResourceReader reader, MemberClusterStrategy strategy) {
    super(store, reader, strategy);
  }
}
