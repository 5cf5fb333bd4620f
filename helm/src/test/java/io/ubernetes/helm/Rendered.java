package io.ubernetes.helm;

import com.google.gson.Gson;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects a chart rendered, each parsed strictly with the Kubernetes API's own model: a field
 * the API does not know, a missing required field or a value of the wrong type fails the parse, as
 * {@code kubectl apply --validate=strict} would.
 */
final class Rendered {
  private static final Map<String, Class<? extends KubernetesObject>> MODELS =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", V1ConfigMap.class),
          Map.entry("v1/Service", V1Service.class),
          Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
          Map.entry("apps/v1/Deployment", V1Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", V1ClusterRole.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", V1ClusterRoleBinding.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding.class));
  private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Gson GSON = new Gson();

  private final List<Object> objects;

  private Rendered(List<Object> objects) {
    this.objects = List.copyOf(objects);
  }

  static Rendered parse(String manifests) {
    List<Object> objects = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(manifests)) {
      if (document == null) {
        continue;
      }
      if (!(document instanceof Map<?, ?> object)) {
        throw new AssertionError("A rendered document is not an object: " + document);
      }
      objects.add(strict(object));
    }
    return new Rendered(objects);
  }

  private static Object strict(Map<?, ?> object) {
    String type = object.get("apiVersion") + "/" + object.get("kind");
    if (type.equals(ServiceMonitor.TYPE)) {
      ServiceMonitor monitor = ServiceMonitor.parse(object);
      checkMetadata(type, monitor.metadata(), true);
      return monitor;
    }
    Class<? extends KubernetesObject> model = MODELS.get(type);
    if (model == null) {
      throw new AssertionError("The chart rendered a kind the tests do not know: " + type);
    }
    KubernetesObject parsed;
    try {
      parsed =
          (KubernetesObject) model.getMethod("fromJson", String.class).invoke(null, json(object));
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          type + " is not valid: " + e.getCause().getMessage() + "\n" + object, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    checkMetadata(type, parsed.getMetadata(), !CLUSTER_SCOPED.contains(parsed.getKind()));
    return parsed;
  }

  static String json(Object value) {
    return GSON.toJson(value);
  }

  private static void checkMetadata(String type, V1ObjectMeta metadata, boolean namespaced) {
    String name = metadata == null ? null : metadata.getName();
    if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      throw new AssertionError(type + " has an invalid name: " + name);
    }
    if (namespaced != (metadata.getNamespace() != null)) {
      throw new AssertionError(
          type + " " + name + (namespaced ? " has no namespace" : " is cluster-scoped"));
    }
    if (metadata.getLabels() != null) {
      metadata
          .getLabels()
          .forEach(
              (key, value) -> {
                if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                  throw new AssertionError(
                      type + " " + name + ": invalid label " + key + "=" + value);
                }
              });
    }
  }

  /** Every rendered object, in order. */
  List<Object> all() {
    return objects;
  }

  <T> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of this type; an assertion error when there are none or several. */
  <T> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "Expected one " + type.getSimpleName() + ", rendered " + found.size());
    }
    return found.get(0);
  }

  <T extends KubernetesObject> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(object -> object.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " " + name));
  }

  /** The kinds rendered, e.g. {@code Deployment}, in order. */
  List<String> kinds() {
    return objects.stream()
        .map(
            object -> object instanceof KubernetesObject k ? k.getKind() : ServiceMonitor.TYPE_KIND)
        .toList();
  }
}
