package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container restarts of one workload's pods, tallied by pod template as the pods are read: a
 * Deployment's pods by their {@code pod-template-hash}, a StatefulSet's by their {@code
 * controller-revision-hash}. Only sums are kept, not the pods. A crash-looping container restarts
 * whether or not its pod looks ready at the moment it is read, so restarts tell of flapping that
 * readiness alone may miss.
 */
final class Restarts {
  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  static final String REVISION_HASH = "controller-revision-hash";

  private final Map<String, Template> byTemplate = new LinkedHashMap<>();

  /** The pod template key {@code <label>=<value>} of pods of that template. */
  static String key(String label, String value) {
    return label + "=" + value;
  }

  void add(Pod pod) {
    if (pod.getStatus() == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    String key = "";
    if (labels != null && labels.get(POD_TEMPLATE_HASH) != null) {
      key = key(POD_TEMPLATE_HASH, labels.get(POD_TEMPLATE_HASH));
    } else if (labels != null && labels.get(REVISION_HASH) != null) {
      key = key(REVISION_HASH, labels.get(REVISION_HASH));
    }
    int restarts = 0;
    for (List<ContainerStatus> statuses :
        List.of(
            orEmpty(pod.getStatus().getInitContainerStatuses()),
            orEmpty(pod.getStatus().getContainerStatuses()))) {
      for (ContainerStatus container : statuses) {
        restarts += container.getRestartCount() == null ? 0 : container.getRestartCount();
      }
    }
    byTemplate
        .computeIfAbsent(key, k -> new Template())
        .add(restarts, pod.getMetadata().getCreationTimestamp());
  }

  /**
   * The restarts of the pods that run the applied template.
   *
   * @param current the keys of the current templates, as the workload objects tell them (a
   *     Deployment's current ReplicaSet, a StatefulSet's update revision); when empty, the pods of
   *     the {@code pod-template-hash} with the newest pod (a new template's pods are the last
   *     made), or else every pod
   */
  int of(Set<String> current) {
    if (!current.isEmpty()) {
      int sum = 0;
      for (String key : current) {
        Template template = byTemplate.get(key);
        sum += template == null ? 0 : template.restarts;
      }
      return sum;
    }
    Template newest = null;
    for (Map.Entry<String, Template> entry : byTemplate.entrySet()) {
      if (entry.getKey().startsWith(POD_TEMPLATE_HASH + "=")
          && (newest == null || entry.getValue().newerThan(newest))) {
        newest = entry.getValue();
      }
    }
    if (newest != null) {
      return newest.restarts;
    }
    return byTemplate.values().stream().mapToInt(t -> t.restarts).sum();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static final class Template {
    private int restarts;

    /** RFC 3339 as the API server writes it (UTC, seconds): ordered as strings. */
    private String newestPod = "";

    void add(int podRestarts, String created) {
      restarts += podRestarts;
      if (created != null && created.compareTo(newestPod) > 0) {
        newestPod = created;
      }
    }

    boolean newerThan(Template other) {
      return newestPod.compareTo(other.newestPod) > 0;
    }
  }
}
