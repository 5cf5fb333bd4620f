package io.ubernetes.federation.rolloutstrategy;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategy.RolloutStrategyStatus;
import io.ubernetes.federation.workload.RolloutStrategySpec;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rollout strategies, named stage plans that workloads refer to: {@code
 * /apis/ubernetes.io/v1/rolloutstrategies}, also at {@code /api/v1/rolloutstrategies}.
 */
@RestController
@RequestMapping(
    path = {"/api/v1/rolloutstrategies", "/apis/ubernetes.io/v1/rolloutstrategies"},
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "RolloutStrategy",
    description =
        "Reusable rollout strategies: the stages a new workload revision goes through; a strategy"
            + " in use cannot be deleted")
class RolloutStrategyController
    extends ClusterScopedResourceController<
        RolloutStrategy, RolloutStrategySpec, RolloutStrategyStatus> {

  RolloutStrategyController(
      ResourceStore store, ResourceReader reader, RolloutStrategyStrategy strategy) {
    super(store, reader, strategy);
  }
}
