package io.ubernetes.federation.override;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster override policies: {@code /apis/ubernetes.io/v1/clusteroverridepolicies}, also at {@code
 * /api/v1/clusteroverridepolicies}.
 */
@RestController
@RequestMapping(
    path = {"/api/v1/clusteroverridepolicies", "/apis/ubernetes.io/v1/clusteroverridepolicies"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "ClusterOverridePolicy",
    description =
        "Reusable per-cluster changes to workloads of any namespace, applied first, by name")
class ClusterOverridePolicyController
    extends ClusterScopedResourceController<
        ClusterOverridePolicy, OverridePolicySpec, OverridePolicyStatus> {

  ClusterOverridePolicyController(
      ResourceStore store, ResourceReader reader, ClusterOverridePolicyStrategy strategy) {
    super(store, reader, strategy);
  }
}
