package io.ubernetes.federation.policy;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.policy.PlacementPolicy.PlacementPolicyStatus;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Placement policies, named placements that workloads refer to: {@code
 * /apis/ubernetes.io/v1/placementpolicies}, also at {@code /api/v1/placementpolicies}.
 */
@RestController
@RequestMapping(
    path = {"/api/v1/placementpolicies", "/apis/ubernetes.io/v1/placementpolicies"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "PlacementPolicy",
    description = "Reusable placements, e.g. cloudbursting; a policy in use cannot be deleted")
class PlacementPolicyController
    extends ClusterScopedResourceController<PlacementPolicy, Placement, PlacementPolicyStatus> {

  PlacementPolicyController(
      ResourceStore store, ResourceReader reader, PlacementPolicyStrategy strategy) {
    super(store, reader, strategy);
  }
}
