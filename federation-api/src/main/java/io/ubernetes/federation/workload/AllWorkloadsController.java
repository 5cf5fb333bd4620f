package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.ResourceList;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Federated workloads across all namespaces: {@code GET /apis/ubernetes.io/v1/federatedworkloads},
 * also at {@code /api/v1/workloads}; a caller confined to namespaces gets those of its namespaces.
 */
@RestController
@Tag(name = "FederatedWorkload")
class AllWorkloadsController {
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy strategy;

  AllWorkloadsController(ResourceReader reader, FederatedWorkloadStrategy strategy) {
    this.reader = reader;
    this.strategy = strategy;
  }

  @Operation(summary = "List the federated workloads of all namespaces")
  @GetMapping(
      path = {"/api/v1/workloads", "/apis/ubernetes.io/v1/federatedworkloads"},
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  ResourceList<FederatedWorkload> list(
      @Parameter(description = "Kubernetes label selector") @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken) {
    // A caller confined to namespaces sees only theirs.
    Set<String> namespaces =
        Callers.current().filter(c -> !c.unscoped()).map(Caller::namespaces).orElse(null);
    return reader.listIn(strategy, namespaces, labelSelector, limit, continueToken);
  }
}
