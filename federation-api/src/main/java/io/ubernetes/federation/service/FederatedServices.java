package io.ubernetes.federation.service;

import io.ubernetes.federation.resource.ObjectKey;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Which {@link FederatedService}s front which workloads: for deriving the work of member clusters,
 * where it is read in the transaction of a placement or of a service's write.
 */
@Component
public class FederatedServices {
  private final ResourceReader reader;

  /**
   * Looked up when first needed: the strategy tells its listeners of every service written, and
   * they read through this class.
   */
  private final ObjectProvider<FederatedServiceStrategy> strategy;

  FederatedServices(ResourceReader reader, ObjectProvider<FederatedServiceStrategy> strategy) {
    this.reader = reader;
    this.strategy = strategy;
  }

  /** A workload, by namespace and name. */
  public record Workload(String namespace, String name) {}

  /**
   * The stored FederatedServices that front these workloads, in one statement.
   *
   * @return the specs by service name, by workload; workloads no service fronts are left out
   */
  public Map<Workload, SortedMap<String, FederatedServiceSpec>> fronting(
      Collection<Workload> workloads) {
    Map<Workload, SortedMap<String, FederatedServiceSpec>> fronting = new HashMap<>();
    if (workloads.isEmpty()) {
      return fronting;
    }
    Collection<ObjectKey> targets = new LinkedHashSet<>();
    workloads.forEach(
        workload -> targets.add(new ObjectKey(workload.namespace(), workload.name())));
    for (FederatedService service : reader.referringTo(strategy.getObject(), "workload", targets)) {
      fronting
          .computeIfAbsent(
              new Workload(service.metadata().namespace(), service.spec().workload()),
              w -> new TreeMap<>())
          .put(service.metadata().name(), service.spec());
    }
    return fronting;
  }

  /** The workload a stored FederatedService fronts; empty if there is no such service. */
  public Optional<String> frontedBy(String namespace, String name) {
    return Optional.ofNullable(
            reader.getNamed(strategy.getObject(), namespace, List.of(name)).get(name))
        .map(service -> service.spec().workload());
  }
}
