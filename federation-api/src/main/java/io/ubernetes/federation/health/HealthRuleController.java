package io.ubernetes.federation.health;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.health.HealthRule.HealthRuleStatus;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Health rules: {@code /apis/ubernetes.io/v1/healthrules}, also at {@code /api/v1/healthrules}. */
@RestController
@RequestMapping(
    path = {"/api/v1/healthrules", "/apis/ubernetes.io/v1/healthrules"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "HealthRule",
    description = "How the federation judges the objects of one kind in member clusters")
class HealthRuleController
    extends ClusterScopedResourceController<HealthRule, HealthRuleSpec, HealthRuleStatus> {

  HealthRuleController(ResourceStore store, ResourceReader reader, HealthRuleStrategy strategy) {
    super(store, reader, strategy);
  }
}
