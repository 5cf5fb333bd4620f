package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ubernetes.agent.protocol.ObjectRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to any kind: built-in kinds through their Fabric8 model classes (no API discovery
 * needed), others as {@link GenericKubernetesResource}.
 */
final class KubeResources {
  private final KubernetesClient client;
  private final KubernetesSerialization serialization;

  KubeResources(KubernetesClient client) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
  }

  KubernetesClient client() {
    return client;
  }

  /** The Fabric8 model class of a kind, or null when Fabric8 does not know it. */
  Class<? extends HasMetadata> modelClass(String apiVersion, String kind) {
    Class<? extends KubernetesResource> type =
        serialization.getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null
        || GenericKubernetesResource.class.equals(type)
        || !HasMetadata.class.isAssignableFrom(type)) {
      return null;
    }
    return type.asSubclass(HasMetadata.class);
  }

  /** Whether the kind lives in namespaces; unknown kinds are assumed to. */
  boolean namespaced(String apiVersion, String kind) {
    Class<? extends HasMetadata> type = modelClass(apiVersion, kind);
    return type == null || Namespaced.class.isAssignableFrom(type);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  MixedOperation<HasMetadata, KubernetesResourceList<HasMetadata>, Resource<HasMetadata>> ops(
      String apiVersion, String kind) {
    Class<? extends HasMetadata> type = modelClass(apiVersion, kind);
    if (type != null) {
      return (MixedOperation) client.resources(type);
    }
    return (MixedOperation) client.genericKubernetesResources(apiVersion, kind);
  }

  /** The object; a null namespace names a cluster-scoped one. */
  Resource<HasMetadata> resource(ObjectRef ref) {
    MixedOperation<HasMetadata, KubernetesResourceList<HasMetadata>, Resource<HasMetadata>> ops =
        ops(ref.apiVersion(), ref.kind());
    return ref.namespace() == null
        ? ops.withName(ref.name())
        : ops.inNamespace(ref.namespace()).withName(ref.name());
  }

  /** The object, or null when it does not exist (or its kind does not). */
  HasMetadata get(ObjectRef ref) {
    try {
      return resource(ref).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** Objects of a kind carrying all these labels, in every namespace. */
  List<HasMetadata> list(String apiVersion, String kind, Map<String, String> labels) {
    try {
      return ops(apiVersion, kind).inAnyNamespace().withLabels(labels).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  HasMetadata toObject(Map<String, Object> manifest) {
    KubernetesResource resource = serialization.convertValue(manifest, KubernetesResource.class);
    if (resource instanceof HasMetadata object) {
      return object;
    }
    return serialization.convertValue(manifest, GenericKubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> toMap(HasMetadata object) {
    return serialization.convertValue(object, LinkedHashMap.class);
  }

  static ObjectRef ref(HasMetadata object) {
    return new ObjectRef(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  /** Whether trying again may help: I/O failures, 5xx, 409 and 429. */
  static boolean retriable(KubernetesClientException e) {
    int code = e.getCode();
    return code <= 0 || code >= 500 || code == 409 || code == 429 || code == 408;
  }
}
