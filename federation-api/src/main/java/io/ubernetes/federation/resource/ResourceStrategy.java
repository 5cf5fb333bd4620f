package io.ubernetes.federation.resource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes one kind of API object what it is: its scope, the shape of its spec and status, its
 * validation and defaulting, and the checks it needs inside a write's transaction. The {@link
 * ResourceStore} does the rest, the same way for every kind.
 *
 * @param <R> the wire type
 * @param <S> the spec type
 * @param <T> the status type
 */
public interface ResourceStrategy<R extends ApiObject<S, T>, S, T> {

  String kind();

  /**
   * How the kind is named and reached on the API. A strategy bean is a served kind: this is the one
   * place its names are declared, and its {@code @Order} is its place in discovery.
   */
  ApiKind api();

  /**
   * The kinds whose objects this strategy reads, locks and changes the status of by uid: its own,
   * unless a kind of the same spec and status (a cluster-scoped variant) shares the code that works
   * on objects by uid. Reads and writes by name, lists and watches are of {@link #kind()} only.
   */
  default List<String> storedKinds() {
    return List.of(kind());
  }

  boolean namespaced();

  Class<R> type();

  Class<S> specType();

  Class<T> statusType();

  R assemble(ObjectMeta metadata, S spec, T status);

  /** Adds an error to {@code errors} if {@code name} is not a valid name for this kind. */
  void validateName(String name, String field, FieldErrors errors);

  /**
   * Validates a spec written by a client and returns it with defaults applied. Errors name fields
   * from the object's root ({@code spec.replicas}).
   *
   * @param metadata the object's metadata, with its name and namespace resolved from the URL
   * @param spec the spec as the client wrote it; may be null
   * @return the spec to store; never null when {@code errors} stays empty
   */
  S admit(ObjectMeta metadata, S spec, FieldErrors errors);

  /** The status of a newly created object. */
  T initialStatus(S spec, Instant now);

  /**
   * Label keys the system derives from the spec. Whatever the client writes under these keys is
   * replaced by {@link #managedLabels}, so that selectors can rely on them.
   */
  default Set<String> managedLabelKeys() {
    return Set.of();
  }

  /** The values of the managed labels for {@code spec}; a key left out is removed. */
  default Map<String, String> managedLabels(S spec) {
    return Map.of();
  }

  /**
   * The lists of this kind that are maps keyed by fields of their items (Kubernetes' {@code
   * x-kubernetes-list-type: map}), by path from the object's root, e.g. {@code status.conditions ->
   * [type]}. Server-side apply merges such a list item by item and OpenAPI declares it; every other
   * list is atomic, replaced as a whole.
   */
  default Map<String, List<String>> listMapKeys() {
    return Map.of();
  }

  /**
   * The defaults of key fields of {@link #listMapKeys() list maps}, by list path then key, e.g.
   * {@code spec.ports -> {protocol: TCP}}: an item a client sends without such a key is the item
   * with the default, for server-side apply's merge and ownership as for admission, as Kubernetes
   * fills defaults in before it merges. Every key with a default in the kind's schema is here.
   */
  default Map<String, Map<String, String>> listMapKeyDefaults() {
    return Map.of();
  }

  /**
   * Runs inside the write's transaction after validation, e.g. to check and lock what the object
   * refers to. Throws {@link ApiException} to refuse the write.
   */
  default void beforeWrite(String namespace, String name, S spec) {}
}
