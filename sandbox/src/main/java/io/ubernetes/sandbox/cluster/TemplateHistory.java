package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every pod template the API server was asked to store for each workload, in the order they first
 * came, from the moment it started: what the cluster was ever asked to run, for tests that must
 * show a revision never reached a cluster, even for a moment. Each distinct template is kept once
 * per workload, however often it comes back. Thread-safe.
 */
final class TemplateHistory {
  /** The plurals of the kinds whose {@code spec.template} is a pod template. */
  static final Set<String> WORKLOADS =
      Set.of("deployments", "statefulsets", "replicasets", "daemonsets", "jobs");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Map<String, List<Object>> byWorkload = new HashMap<>();

  /**
   * Records the workload's template, if it is new for it.
   *
   * @param resource the object as stored, or null to read it from {@code json}
   */
  void record(GenericKubernetesResource resource, String json) {
    GenericKubernetesResource object =
        resource != null
            ? resource
            : SERIALIZATION.unmarshal(json, GenericKubernetesResource.class);
    if (object == null || object.getMetadata() == null) {
      return;
    }
    Object template = object.get("spec", "template");
    if (template == null) {
      return;
    }
    String key =
        key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    synchronized (byWorkload) {
      List<Object> templates = byWorkload.computeIfAbsent(key, k -> new ArrayList<>());
      if (!templates.contains(template)) {
        templates.add(template);
      }
    }
  }

  /** The workload's templates in the order they first came; empty if it never existed. */
  List<PodTemplateSpec> of(String kind, String namespace, String name) {
    List<Object> templates;
    synchronized (byWorkload) {
      templates = List.copyOf(byWorkload.getOrDefault(key(kind, namespace, name), List.of()));
    }
    return templates.stream()
        .map(t -> SERIALIZATION.convertValue(t, PodTemplateSpec.class))
        .toList();
  }

  private static String key(String kind, String namespace, String name) {
    return kind + " " + namespace + "/" + name;
  }
}
