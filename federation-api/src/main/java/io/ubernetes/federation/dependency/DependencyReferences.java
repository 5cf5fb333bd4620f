package io.ubernetes.federation.dependency;

import io.ubernetes.federation.resource.DeletionGuard;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Keeps a {@link FederatedObject} from being deleted while workloads draw it: its copy in their
 * clusters would otherwise stay as it was, no longer kept by anything, and the workloads' next
 * revisions would lose it. Workloads that list the object in their own resources, or that do not
 * follow their dependencies, do not hold it.
 */
@Component
class DependencyReferences implements DeletionGuard {
  /** Referrers named in the refusal; enough to act on. */
  private static final int NAMED = 10;

  private final ResourceReader reader;
  private final FederatedObjectStrategy objects;
  private final Dependencies dependencies;

  DependencyReferences(
      ResourceReader reader, FederatedObjectStrategy objects, Dependencies dependencies) {
    this.reader = reader;
    this.objects = objects;
    this.dependencies = dependencies;
  }

  @Override
  public List<String> referrers(String kind, String namespace, String name) {
    if (!FederatedObject.KIND.equals(kind)) {
      return List.of();
    }
    Map<String, FederatedObject> stored = reader.getNamed(objects, namespace, Set.of(name));
    FederatedObject object = stored.get(name);
    if (object == null || object.spec() == null || object.spec().object() == null) {
      return List.of();
    }
    String held = object.spec().object().path("kind").asString("");
    return dependencies.drawing(namespace, name).stream()
        .filter(workload -> Dependencies.draws(workload.spec(), name, held))
        .map(
            workload -> FederatedWorkload.KIND + " " + namespace + "/" + workload.metadata().name())
        .sorted()
        .limit(NAMED)
        .toList();
  }
}
