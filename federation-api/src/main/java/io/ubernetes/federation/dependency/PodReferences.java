package io.ubernetes.federation.dependency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The ConfigMaps, Secrets, ServiceAccount and PersistentVolumeClaims a workload's pod template
 * refers to: in its volumes (also projected ones), its containers' {@code env} and {@code envFrom}
 * (init and ephemeral containers too), its {@code imagePullSecrets} and its service account. A
 * StatefulSet's {@code volumeClaimTemplates} are not references: the StatefulSet makes those claims
 * itself. Nor is the {@code default} ServiceAccount, which Kubernetes makes in every namespace.
 */
final class PodReferences {
  static final String CONFIG_MAP = "ConfigMap";
  static final String SECRET = "Secret";
  static final String SERVICE_ACCOUNT = "ServiceAccount";
  static final String CLAIM = "PersistentVolumeClaim";

  private static final List<String> CONTAINERS =
      List.of("containers", "initContainers", "ephemeralContainers");

  /** Kinds whose pod template is at {@code spec.template}. */
  private static final List<String> TEMPLATED =
      List.of(
          "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job");

  /**
   * One object a pod refers to.
   *
   * @param optional whether every reference to it is marked {@code optional: true}: the pod starts
   *     without it
   */
  record Reference(String kind, String name, boolean optional) {
    static final Comparator<Reference> ORDER =
        Comparator.comparing(Reference::kind).thenComparing(Reference::name);

    /** {@code ConfigMap/app-config}. */
    String key() {
      return kind + "/" + name;
    }
  }

  private final Map<String, Reference> found = new TreeMap<>();

  private PodReferences() {}

  /** The references of a workload's template, sorted by kind then name; none for other kinds. */
  static List<Reference> of(JsonNode template) {
    PodReferences references = new PodReferences();
    JsonNode pod = podSpec(template);
    if (pod.isObject()) {
      references.pod(pod);
    }
    List<Reference> sorted = new ArrayList<>(references.found.values());
    sorted.sort(Reference.ORDER);
    return List.copyOf(sorted);
  }

  /** The pod spec of a workload object, or a missing node. */
  static JsonNode podSpec(JsonNode template) {
    if (template == null) {
      return MissingNode.getInstance();
    }
    String kind = template.path("kind").asString("");
    if (kind.equals("Pod")) {
      return template.path("spec");
    }
    if (kind.equals("CronJob")) {
      return template.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
    }
    if (TEMPLATED.contains(kind)) {
      return template.path("spec").path("template").path("spec");
    }
    return MissingNode.getInstance();
  }

  private void pod(JsonNode pod) {
    for (JsonNode volume : pod.path("volumes")) {
      add(CONFIG_MAP, volume.path("configMap").path("name"), volume.path("configMap"));
      add(SECRET, volume.path("secret").path("secretName"), volume.path("secret"));
      JsonNode claim = volume.path("persistentVolumeClaim");
      add(CLAIM, claim.path("claimName"), null);
      for (JsonNode source : volume.path("projected").path("sources")) {
        add(CONFIG_MAP, source.path("configMap").path("name"), source.path("configMap"));
        add(SECRET, source.path("secret").path("name"), source.path("secret"));
      }
    }
    for (String list : CONTAINERS) {
      for (JsonNode container : pod.path(list)) {
        for (JsonNode env : container.path("env")) {
          JsonNode from = env.path("valueFrom");
          add(CONFIG_MAP, from.path("configMapKeyRef").path("name"), from.path("configMapKeyRef"));
          add(SECRET, from.path("secretKeyRef").path("name"), from.path("secretKeyRef"));
        }
        for (JsonNode envFrom : container.path("envFrom")) {
          add(CONFIG_MAP, envFrom.path("configMapRef").path("name"), envFrom.path("configMapRef"));
          add(SECRET, envFrom.path("secretRef").path("name"), envFrom.path("secretRef"));
        }
      }
    }
    for (JsonNode secret : pod.path("imagePullSecrets")) {
      add(SECRET, secret.path("name"), null);
    }
    // serviceAccount is the deprecated name of serviceAccountName, which wins when both are set.
    JsonNode account = pod.path("serviceAccountName");
    if (!account.isString() || account.asString().isEmpty()) {
      account = pod.path("serviceAccount");
    }
    if (!account.asString("").equals("default")) {
      add(SERVICE_ACCOUNT, account, null);
    }
  }

  /**
   * @param source the reference's own object, where its {@code optional} flag is; null for kinds of
   *     reference that have none
   */
  private void add(String kind, JsonNode name, JsonNode source) {
    if (!name.isString() || name.asString().isEmpty()) {
      return;
    }
    boolean optional = source != null && source.path("optional").asBoolean(false);
    Reference reference = new Reference(kind, name.asString(), optional);
    // Required once is required.
    found.merge(
        reference.key(),
        reference,
        (a, b) -> a.optional() && b.optional() ? a : new Reference(kind, a.name(), false));
  }
}
