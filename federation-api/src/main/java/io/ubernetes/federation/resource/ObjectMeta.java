package io.ubernetes.federation.resource;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.util.List;
import java.util.Map;

/**
 * Standard object metadata, as in Kubernetes' {@code metav1.ObjectMeta}. Clients set {@code name},
 * {@code namespace}, {@code labels} and {@code annotations}; the server owns the rest.
 *
 * @param resourceVersion opaque; send back the value you read to update conditionally
 * @param generation bumped by the server on every change of {@code spec}
 * @param managedFields who owns which fields (server-side apply); null when a client leaves them
 *     out (the stored ones stay), empty when it resets them
 */
public record ObjectMeta(
    String name,
    String namespace,
    Map<String, String> labels,
    Map<String, String> annotations,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) String uid,
    String resourceVersion,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) Long generation,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) String creationTimestamp,
    List<ManagedFieldsEntry> managedFields) {

  public ObjectMeta {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    managedFields = managedFields == null ? null : List.copyOf(managedFields);
  }

  /** Metadata without managed fields (the stored ones stay when such metadata is written). */
  public ObjectMeta(
      String name,
      String namespace,
      Map<String, String> labels,
      Map<String, String> annotations,
      String uid,
      String resourceVersion,
      Long generation,
      String creationTimestamp) {
    this(
        name,
        namespace,
        labels,
        annotations,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        null);
  }

  /** Metadata carrying only a name, for building objects in code. */
  public static ObjectMeta named(String name) {
    return new ObjectMeta(name, null, null, null, null, null, null, null);
  }

  public ObjectMeta withResourceVersion(String newResourceVersion) {
    return new ObjectMeta(
        name,
        namespace,
        labels,
        annotations,
        uid,
        newResourceVersion,
        generation,
        creationTimestamp,
        managedFields);
  }
}
