package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks every written object passes before its kind looks at the spec. */
final class ObjectAdmission {
  /** Kubernetes' limit on the subresource a managedFields entry names. */
  private static final int MAX_SUBRESOURCE_NAME_LENGTH = 256;

  private ObjectAdmission() {}

  /**
   * Checks apiVersion, kind, name, namespace, labels and annotations.
   *
   * @param namespace the namespace of the URL; empty for cluster-scoped kinds
   * @param pathName the name of the URL, or null when creating
   * @return the object's metadata with its name and namespace resolved from the URL
   * @throws ApiException 400 when the body contradicts the URL
   */
  static ObjectMeta admit(
      ResourceStrategy<?, ?, ?> strategy,
      String namespace,
      String pathName,
      ApiObject<?, ?> object,
      FieldErrors errors) {
    if (object.apiVersion() != null && !ApiObject.API_VERSION.equals(object.apiVersion())) {
      errors.add(
          "apiVersion",
          "must be " + ApiObject.API_VERSION + ", got \"" + object.apiVersion() + "\"");
    }
    if (object.kind() != null && !strategy.kind().equals(object.kind())) {
      errors.add("kind", "must be " + strategy.kind() + ", got \"" + object.kind() + "\"");
    }
    if (strategy.namespaced()) {
      KubernetesValidation.dnsLabel(namespace, "metadata.namespace", errors);
    }
    ObjectMeta metadata = object.metadata();
    if (metadata == null) {
      errors.required("metadata");
      return new ObjectMeta(
          pathName, namespace.isEmpty() ? null : namespace, null, null, null, null, null, null);
    }
    String name = metadata.name();
    if (pathName != null && name != null && !name.equals(pathName)) {
      throw ApiException.badRequest(
          "metadata.name",
          "\"" + name + "\" does not match the name in the URL, \"" + pathName + "\"");
    }
    if (pathName == null) {
      strategy.validateName(name, "metadata.name", errors);
    }
    String bodyNamespace = metadata.namespace();
    if (bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
      throw ApiException.badRequest(
          "metadata.namespace",
          strategy.namespaced()
              ? "\""
                  + bodyNamespace
                  + "\" does not match the namespace in the URL, \""
                  + namespace
                  + "\""
              : "must be empty: " + strategy.kind() + " is cluster-scoped");
    }
    KubernetesValidation.labels(metadata.labels(), "metadata.labels", errors);
    KubernetesValidation.annotations(metadata.annotations(), "metadata.annotations", errors);
    managedFields(metadata.managedFields(), errors);
    return new ObjectMeta(
        name == null ? pathName : name,
        namespace.isEmpty() ? null : namespace,
        metadata.labels(),
        metadata.annotations(),
        metadata.uid(),
        metadata.resourceVersion(),
        metadata.generation(),
        metadata.creationTimestamp(),
        metadata.managedFields());
  }

  /** The client's labels with the labels the kind derives from the spec laid over them. */
  static <S> Map<String, String> labels(
      ResourceStrategy<?, S, ?> strategy, ObjectMeta metadata, S spec) {
    if (strategy.managedLabelKeys().isEmpty()) {
      return metadata.labels();
    }
    Map<String, String> labels = new HashMap<>(metadata.labels());
    labels.keySet().removeAll(strategy.managedLabelKeys());
    labels.putAll(strategy.managedLabels(spec));
    return labels;
  }

  /**
   * Checks the managedFields a client sent as Kubernetes reads and validates them: a time that is
   * no RFC 3339 time, or a manager or subresource name no request could have named. What is well
   * formed but means nothing (an unknown operation, fields that are no FieldsV1) is no error: the
   * write keeps the live managedFields instead (see {@code FieldManager.liveOrSent}).
   */
  private static void managedFields(List<ManagedFieldsEntry> entries, FieldErrors errors) {
    if (entries == null) {
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      ManagedFieldsEntry entry = entries.get(i);
      String field = "metadata.managedFields[" + i + "]";
      if (entry == null) {
        errors.add(field, "must be a managedFields entry, got null");
        continue;
      }
      if (entry.time() != null) {
        try {
          OffsetDateTime.parse(entry.time());
        } catch (DateTimeParseException e) {
          errors.add(field + ".time", "must be an RFC 3339 time, got \"" + entry.time() + "\"");
        }
      }
      if (entry.manager() != null
          && entry.manager().length() > WriteOptions.MAX_FIELD_MANAGER_LENGTH) {
        errors.add(
            field + ".manager",
            "Too long: may not be more than " + WriteOptions.MAX_FIELD_MANAGER_LENGTH + " bytes");
      }
      if (entry.subresource() != null
          && entry.subresource().length() > MAX_SUBRESOURCE_NAME_LENGTH) {
        errors.add(
            field + ".subresource",
            "Too long: may not be more than " + MAX_SUBRESOURCE_NAME_LENGTH + " bytes");
      }
    }
  }
}
