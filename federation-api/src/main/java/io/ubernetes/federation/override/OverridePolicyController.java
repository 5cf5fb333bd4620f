package io.ubernetes.federation.override;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Override policies of a namespace: {@code
 * /apis/ubernetes.io/v1/namespaces/{namespace}/overridepolicies}, also at {@code
 * /api/v1/namespaces/{namespace}/overridepolicies}.
 */
@RestController
@RequestMapping(
    path = {
      "/api/v1/namespaces/{namespace}/overridepolicies",
      "/apis/ubernetes.io/v1/namespaces/{namespace}/overridepolicies"
    },
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "OverridePolicy",
    description =
        "Reusable per-cluster changes to the workloads of a namespace, applied after the"
            + " ClusterOverridePolicies and before the workloads' inline overrides")
class OverridePolicyController
    extends NamespacedResourceController<OverridePolicy, OverridePolicySpec, OverridePolicyStatus> {

  OverridePolicyController(
      ResourceStore store, ResourceReader reader, OverridePolicyStrategy strategy) {
    super(store, reader, strategy);
  }
}
