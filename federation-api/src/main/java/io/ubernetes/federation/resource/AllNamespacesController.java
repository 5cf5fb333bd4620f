package io.ubernetes.federation.resource;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A namespaced kind listed across all namespaces, under the path its subclass maps, as Kubernetes
 * clients list it with {@code -A}. A caller confined to namespaces gets those of its namespaces.
 */
public abstract class AllNamespacesController<R extends ApiObject<S, T>, S, T> {
  private final ResourceReader reader;
  private final ResourceStrategy<R, S, T> strategy;

  protected AllNamespacesController(ResourceReader reader, ResourceStrategy<R, S, T> strategy) {
    this.reader = reader;
    this.strategy = strategy;
  }

  /** The kind this controller serves, whose watches are served on the same paths as its list. */
  public ResourceStrategy<R, S, T> strategy() {
    return strategy;
  }

  @Operation(summary = "List across all namespaces, filtered by label selector, page by page")
  @GetMapping
  public ResourceList<R> list(
      @Parameter(description = "Kubernetes label selector") @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken,
      @Parameter(
              description =
                  "accepted for Kubernetes clients: every list is served from the latest state,"
                      + " which is not older than any resourceVersion")
          @RequestParam(required = false)
          String resourceVersion) {
    Preconditions.requireWellFormed(resourceVersion, "resourceVersion");
    Set<String> namespaces =
        Callers.current().filter(c -> !c.unscoped()).map(Caller::namespaces).orElse(null);
    return reader.listIn(strategy, namespaces, labelSelector, limit, continueToken);
  }
}
