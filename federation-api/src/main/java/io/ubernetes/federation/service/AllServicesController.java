package io.ubernetes.federation.service;

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
 * Federated services across all namespaces: {@code GET /apis/ubernetes.io/v1/federatedservices}, as
 * Kubernetes clients list them in any namespace; a caller confined to namespaces gets those of its
 * namespaces.
 */
@RestController
@Tag(name = "FederatedService")
class AllServicesController {
  private final ResourceReader reader;
  private final FederatedServiceStrategy strategy;

  AllServicesController(ResourceReader reader, FederatedServiceStrategy strategy) {
    this.reader = reader;
    this.strategy = strategy;
  }

  @Operation(summary = "List the federated services of all namespaces")
  @GetMapping(
      path = "/apis/ubernetes.io/v1/federatedservices",
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  ResourceList<FederatedService> list(
      @Parameter(description = "Kubernetes label selector") @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken) {
    Set<String> namespaces =
        Callers.current().filter(c -> !c.unscoped()).map(Caller::namespaces).orElse(null);
    return reader.listIn(strategy, namespaces, labelSelector, limit, continueToken);
  }
}
