package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How the workload controllers see pods: who owns them, how far along they are, and new ones. */
final class Pods {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Namespace, then name with its number read as one: {@code web-2} before {@code web-10}. */
  static final Comparator<Pod> NAME_ORDER =
      Comparator.comparing((Pod pod) -> String.valueOf(pod.getMetadata().getNamespace()))
          .thenComparing(Pods::namePrefix)
          .thenComparingLong(Pods::ordinal)
          .thenComparing(pod -> pod.getMetadata().getName());

  /**
   * The order in which surplus pods go: unscheduled first, then not ready, then ready; within each,
   * the newest first (ReplicaSet controller's ranking, simplified).
   */
  static final Comparator<Pod> DELETION_ORDER =
      Comparator.comparingInt(Pods::deletionRank)
          .thenComparing(Pods::created, Comparator.reverseOrder())
          .thenComparing(Pods::ordinal, Comparator.reverseOrder())
          .thenComparing(pod -> pod.getMetadata().getName(), Comparator.reverseOrder());

  private Pods() {}

  static boolean terminal(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** Not finished and not being deleted: a pod that counts as a replica. */
  static boolean active(Pod pod) {
    return !terminal(pod) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  static boolean scheduled(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null;
  }

  static boolean ready(Pod pod) {
    return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  /** The object's controlling owner reference, if any. */
  static Optional<OwnerReference> controller(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
  }

  /** Pods by the uid of their controlling owner. */
  static Map<String, List<Pod>> byController(List<Pod> pods) {
    Map<String, List<Pod>> owned = new HashMap<>();
    for (Pod pod : pods) {
      controller(pod)
          .ifPresent(
              owner -> owned.computeIfAbsent(owner.getUid(), u -> new ArrayList<>()).add(pod));
    }
    return owned;
  }

  static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A new, unscheduled pod from a workload's template, owned by the workload. */
  static Pod fromTemplate(
      HasMetadata owner, PodTemplateSpec template, String name, Map<String, String> labels) {
    Map<String, String> podLabels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template.getMetadata() != null) {
      orEmpty(template.getMetadata().getLabels()).forEach(podLabels::put);
      orEmpty(template.getMetadata().getAnnotations()).forEach(annotations::put);
    }
    podLabels.putAll(labels);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(podLabels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .withOwnerReferences(controllerReference(owner))
        .endMetadata()
        .withSpec(SERIALIZATION.clone(template.getSpec()))
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  /**
   * A short digest of a pod template, the same for the same content whatever the order of its maps:
   * the {@code pod-template-hash} of a Deployment's pods, a StatefulSet's revision.
   */
  static String templateHash(PodTemplateSpec template) {
    Object canonical = sorted(SERIALIZATION.convertValue(template, Object.class));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(SERIALIZATION.asJson(canonical).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** {@code prefix<n>} with n one more than the highest n among the pods named so. */
  static String nextName(String prefix, List<Pod> pods) {
    long highest = 0;
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (name.startsWith(prefix)) {
        highest = Math.max(highest, ordinal(pod));
      }
    }
    return prefix + (highest + 1);
  }

  /** The number after the last '-' of the pod's name; -1 when there is none. */
  static long ordinal(Pod pod) {
    String name = pod.getMetadata().getName();
    String suffix = name.substring(name.lastIndexOf('-') + 1);
    if (suffix.isEmpty() || suffix.length() > 18 || !suffix.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(suffix);
  }

  private static String namePrefix(Pod pod) {
    String name = pod.getMetadata().getName();
    return name.substring(0, name.lastIndexOf('-') + 1);
  }

  private static int deletionRank(Pod pod) {
    if (!scheduled(pod)) {
      return 0;
    }
    return ready(pod) ? 2 : 1;
  }

  private static String created(Pod pod) {
    String created = pod.getMetadata().getCreationTimestamp();
    return created == null ? "" : created;
  }

  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((key, nested) -> sorted.put(String.valueOf(key), sorted(nested)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Pods::sorted).toList();
    }
    return value;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
