package io.ubernetes.federation.dependency;

import io.ubernetes.federation.dependency.PodReferences.Reference;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What a workload draws from its namespace's {@link FederatedObject}s: the objects its pod template
 * refers to that it does not list in its own {@code spec.resources}, and those the federation holds
 * no copy of. Read in the caller's transaction.
 */
@Component
class Dependencies {
  private final ResourceReader reader;
  private final FederatedObjectStrategy objects;
  private final FederatedWorkloadStrategy workloads;

  Dependencies(
      ResourceReader reader, FederatedObjectStrategy objects, FederatedWorkloadStrategy workloads) {
    this.reader = reader;
    this.objects = objects;
    this.workloads = workloads;
  }

  /**
   * A workload's dependencies.
   *
   * @param found the native objects from the store, sorted by kind then name
   * @param missing the references, not optional, that neither the workload's resources nor the
   *     store hold
   * @param references every reference of the pod template
   */
  record Resolution(List<JsonNode> found, List<Reference> missing, List<Reference> references) {
    static final Resolution NONE = new Resolution(List.of(), List.of(), List.of());

    Resolution {
      found = List.copyOf(found);
      missing = List.copyOf(missing);
      references = List.copyOf(references);
    }
  }

  /** Nothing when the workload does not follow its dependencies. */
  Resolution resolve(String namespace, WorkloadSpec spec) {
    if (spec == null || !spec.followsDependencies()) {
      return Resolution.NONE;
    }
    List<Reference> references = PodReferences.of(spec.template());
    List<Reference> wanted = drawn(references, spec);
    Map<String, FederatedObject> stored =
        wanted.isEmpty()
            ? Map.of()
            : reader.getNamed(objects, namespace, wanted.stream().map(Reference::name).toList());
    List<JsonNode> found = new ArrayList<>();
    List<Reference> missing = new ArrayList<>();
    for (Reference reference : wanted) {
      JsonNode object = holds(stored.get(reference.name()), reference);
      if (object != null) {
        found.add(object.deepCopy());
      } else if (!reference.optional()) {
        missing.add(reference);
      }
    }
    return new Resolution(found, missing, references);
  }

  /**
   * The workloads of a namespace that draw an object of this name from the store (whether it holds
   * one now or not), in uid order: the order in which a transaction locks several workloads.
   */
  List<FederatedWorkload> drawing(String namespace, String name) {
    List<FederatedWorkload> drawing = new ArrayList<>();
    for (FederatedWorkload workload : reader.inNamespace(workloads, namespace)) {
      if (draws(workload.spec(), name, null)) {
        drawing.add(workload);
      }
    }
    drawing.sort(Comparator.comparing(workload -> UUID.fromString(workload.metadata().uid())));
    return drawing;
  }

  /**
   * Whether a workload draws an object of this name (and kind, unless null) from the store: it
   * follows its dependencies, refers to it, and does not list it itself.
   */
  static boolean draws(WorkloadSpec spec, String name, String kind) {
    if (spec == null || !spec.followsDependencies()) {
      return false;
    }
    return drawn(PodReferences.of(spec.template()), spec).stream()
        .anyMatch(r -> r.name().equals(name) && (kind == null || r.kind().equals(kind)));
  }

  /** The references a workload's own resources do not satisfy. */
  private static List<Reference> drawn(List<Reference> references, WorkloadSpec spec) {
    Set<String> own = new HashSet<>();
    for (JsonNode resource : spec.resources()) {
      own.add(
          resource.path("kind").asString("")
              + "/"
              + resource.path("metadata").path("name").asString(""));
    }
    return references.stream().filter(r -> !own.contains(r.key())).toList();
  }

  /** The object a stored FederatedObject holds, if it is of the reference's kind. */
  private static JsonNode holds(FederatedObject stored, Reference reference) {
    if (stored == null || stored.spec() == null || stored.spec().object() == null) {
      return null;
    }
    JsonNode object = stored.spec().object();
    return reference.kind().equals(object.path("kind").asString("")) ? object : null;
  }
}
