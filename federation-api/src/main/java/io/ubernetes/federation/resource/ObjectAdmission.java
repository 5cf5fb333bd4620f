package io.ubernetes.federation.resource;

import java.util.HashMap;
import java.util.Map;

/** The checks every written object passes before its kind looks at the spec. */
final class ObjectAdmission {
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
}
