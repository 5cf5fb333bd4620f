package io.ubernetes.federation.override;

import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.override.OverridePolicySpec.ImageOverride;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the rules of override policies, as a workload revision holds them (each rule with {@code
 * policy}, the policy it comes from, and {@code rule}, its index there), to what one cluster gets
 * of a workload. Reads the rules as JSON: a revision keeps them as they were when it was made.
 */
public final class OverrideRules {
  /** The key of a resolved rule that names its policy, e.g. {@code OverridePolicy/shop/eu}. */
  static final String POLICY = "policy";

  /** The key of a resolved rule that holds its index in its policy. */
  static final String RULE = "rule";

  private OverrideRules() {}

  /** Thrown when a rule selects a cluster but cannot change what it gets. */
  public static final class NotApplicable extends Exception {
    NotApplicable(String message) {
      super(message, null, false, false);
    }
  }

  /** Where a resolved rule comes from: {@code ClusterOverridePolicy/x rule 0}. */
  public static String describe(JsonNode rule) {
    return rule.path(POLICY).asString("") + " rule " + rule.path(RULE).asInt();
  }

  /** The policy a resolved rule comes from. */
  public static String policy(JsonNode rule) {
    return rule.path(POLICY).asString("");
  }

  /** The index of a resolved rule in its policy. */
  public static int index(JsonNode rule) {
    return rule.path(RULE).asInt();
  }

  /** Whether a resolved rule applies to this cluster, by its name and labels. */
  public static boolean selects(JsonNode rule, String cluster, Map<String, String> labels) {
    JsonNode clusters = rule.path("clusters");
    return listed(clusters.path("names"), cluster)
        && listed(clusters.path("regions"), labels.get(MemberClusterStrategy.REGION_LABEL))
        && listed(clusters.path("zones"), labels.get(MemberClusterStrategy.ZONE_LABEL))
        && listed(clusters.path("tiers"), labels.get(MemberClusterStrategy.TIER_LABEL))
        && listed(clusters.path("providers"), labels.get(MemberClusterStrategy.PROVIDER_LABEL))
        && selected(clusters.path("clusterSelector"), labels);
  }

  /**
   * Applies a resolved rule to the objects of a workload.
   *
   * @param objects the template first, then the resources; changed in place
   * @param workload the workload's name, the template's name when it gives none
   */
  public static void apply(JsonNode rule, List<ObjectNode> objects, String workload)
      throws NotApplicable {
    List<Integer> scope = scope(rule, objects, workload);
    if (!rule.path("jsonPatch").isEmpty()) {
      int index = scope.getFirst();
      JsonNode patched;
      try {
        patched = new Patch.JsonPatch(rule.path("jsonPatch")).apply(objects.get(index));
      } catch (ApiException e) {
        throw new NotApplicable("jsonPatch does not apply: " + e.getMessage());
      }
      if (!(patched instanceof ObjectNode object)) {
        throw new NotApplicable("jsonPatch leaves no object");
      }
      objects.set(index, object);
    } else if (rule.has("labels") || rule.has("annotations")) {
      String field = rule.has("labels") ? "labels" : "annotations";
      JsonNode change = rule.path(field);
      for (int index : scope) {
        ObjectNode metadata = object(objects.get(index), "metadata");
        ObjectNode values = object(metadata, field);
        change.path("set").properties().forEach(e -> values.set(e.getKey(), e.getValue()));
        change.path("remove").forEach(key -> values.remove(key.asString()));
      }
    } else {
      containers(rule, objects, scope);
    }
  }

  /** The indexes of the objects a rule changes: its target, or every object it fits. */
  private static List<Integer> scope(JsonNode rule, List<ObjectNode> objects, String workload)
      throws NotApplicable {
    JsonNode target = rule.path("target");
    boolean patch = !rule.path("jsonPatch").isEmpty();
    List<Integer> scope = new ArrayList<>();
    if (target.isMissingNode() || target.isNull()) {
      if (patch) {
        scope.add(0);
      } else {
        for (int i = 0; i < objects.size(); i++) {
          scope.add(i);
        }
      }
      return scope;
    }
    String kind = target.path("kind").asString("");
    String name = target.path("name").asString(null);
    for (int i = 0; i < objects.size(); i++) {
      JsonNode object = objects.get(i);
      String objectName = object.path("metadata").path("name").asString("");
      if (i == 0 && objectName.isEmpty()) {
        objectName = workload;
      }
      if (kind.equals(object.path("kind").asString(""))
          && (name == null || name.equals(objectName))) {
        scope.add(i);
        if (patch) {
          break;
        }
      }
    }
    if (scope.isEmpty()) {
      throw new NotApplicable(
          "target "
              + kind
              + (name == null ? "" : "/" + name)
              + " is not an object of the workload");
    }
    return scope;
  }

  private static void containers(JsonNode rule, List<ObjectNode> objects, List<Integer> scope)
      throws NotApplicable {
    String action = rule.has("image") ? "image" : rule.has("args") ? "args" : "env";
    JsonNode change = rule.path(action);
    String container = change.path("container").asString(null);
    int changed = 0;
    for (int index : scope) {
      ObjectNode podSpec = podSpec(objects.get(index));
      if (podSpec == null) {
        continue;
      }
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode item : podSpec.path(list)) {
          if (!(item instanceof ObjectNode c)
              || (container != null && !container.equals(c.path("name").asString("")))) {
            continue;
          }
          switch (action) {
            case "image" -> image(c, change);
            case "args" -> args(c, change);
            default -> env(c, change);
          }
          changed++;
        }
      }
    }
    if (changed == 0) {
      throw new NotApplicable(
          action
              + ": no container"
              + (container == null ? "" : " named \"" + container + "\"")
              + " in the objects it applies to");
    }
  }

  /**
   * The pod spec of an object: a CronJob's job template's, a pod template's (Deployment,
   * StatefulSet, DaemonSet, ReplicaSet, Job, ...), a Pod's own; null for other objects.
   */
  private static ObjectNode podSpec(JsonNode object) {
    JsonNode spec = object.path("spec");
    if (spec.path("jobTemplate").path("spec").path("template").path("spec")
        instanceof ObjectNode cron) {
      return cron;
    }
    if (spec.path("template").path("spec") instanceof ObjectNode template) {
      return template;
    }
    if ("Pod".equals(object.path("kind").asString("")) && spec instanceof ObjectNode pod) {
      return pod;
    }
    return null;
  }

  private static void image(ObjectNode container, JsonNode change) {
    String image = container.path("image").asString("");
    if (image.isEmpty()) {
      return;
    }
    ImageOverride override =
        new ImageOverride(
            null,
            change.path("registry").asString(null),
            change.path("repository").asString(null),
            change.path("tag").asString(null),
            change.path("digest").asString(null));
    container.put("image", ImageReference.parse(image).with(override).toString());
  }

  private static void args(ObjectNode container, JsonNode change) {
    ArrayNode args =
        "replace".equals(change.path("operation").asString("append"))
                || !(container.get("args") instanceof ArrayNode existing)
            ? container.putArray("args")
            : existing;
    change.path("values").forEach(args::add);
  }

  private static void env(ObjectNode container, JsonNode change) {
    ArrayNode env =
        container.get("env") instanceof ArrayNode existing ? existing : container.putArray("env");
    for (JsonNode set : change.path("set")) {
      String name = set.path("name").asString();
      ObjectNode value = JsonNodeFactory.instance.objectNode();
      value.put("name", name);
      value.put("value", set.path("value").asString(""));
      int at = find(env, name);
      if (at >= 0) {
        env.set(at, value);
      } else {
        env.add(value);
      }
    }
    for (JsonNode remove : change.path("remove")) {
      int at;
      while ((at = find(env, remove.asString())) >= 0) {
        env.remove(at);
      }
    }
  }

  private static int find(ArrayNode env, String name) {
    for (int i = 0; i < env.size(); i++) {
      if (name.equals(env.get(i).path("name").asString(""))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean listed(JsonNode values, String value) {
    if (values.isMissingNode() || values.isNull() || values.isEmpty()) {
      return true;
    }
    if (value == null) {
      return false;
    }
    for (JsonNode candidate : values) {
      if (value.equals(candidate.asString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean selected(JsonNode selector, Map<String, String> labels) {
    for (Map.Entry<String, JsonNode> required : selector.path("matchLabels").properties()) {
      if (!required.getValue().asString().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String value = labels.get(expression.path("key").asString());
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asString()));
      boolean matched =
          switch (expression.path("operator").asString()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!matched) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode existing ? existing : parent.putObject(field);
  }
}
