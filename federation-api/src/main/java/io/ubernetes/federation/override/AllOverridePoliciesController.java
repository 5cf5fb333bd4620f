package io.ubernetes.federation.override;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ResourceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Override policies across all namespaces ({@code kubectl get overridepolicies -A}). */
@RestController
@RequestMapping(
    path = "/apis/ubernetes.io/v1/overridepolicies",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "OverridePolicy")
class AllOverridePoliciesController
    extends AllNamespacesController<OverridePolicy, OverridePolicySpec, OverridePolicyStatus> {

  AllOverridePoliciesController(ResourceReader reader, OverridePolicyStrategy strategy) {
    super(reader, strategy);
  }
}
