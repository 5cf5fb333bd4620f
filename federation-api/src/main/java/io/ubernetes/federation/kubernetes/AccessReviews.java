package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.security.AccessDecisions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Answers self-subject reviews by asking the access rules about the request the review describes,
 * so that {@code kubectl auth can-i} says what the real request would meet.
 */
@Component
class AccessReviews {
  static final List<String> VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

  private final AccessDecisions decisions;
  private final ServedResources served;

  AccessReviews(AccessDecisions decisions, ServedResources served) {
    this.decisions = decisions;
    this.served = served;
  }

  /** Why {@code caller} may not do what {@code review} asks about; null when it may. */
  String refusal(Caller caller, ReviewRequest review) {
    return switch (review) {
      case ReviewRequest.NonResource nonResource ->
          decisions.refusal(
              caller, nonResource.verb().toUpperCase(Locale.ROOT), nonResource.path());
      case ReviewRequest.Resource resource -> refusal(caller, resource);
      case ReviewRequest.Rules rules -> null;
    };
  }

  private String refusal(Caller caller, ReviewRequest.Resource review) {
    if (!review.group().equals(KubernetesApi.GROUP) && !review.group().equals("*")) {
      return "the federation serves no resources in API group \"" + review.group() + "\"";
    }
    List<ServedResource> resources =
        served.resources().stream()
            .filter(r -> review.resource().equals("*") || r.plural().equals(review.resource()))
            .toList();
    if (resources.isEmpty()) {
      return "the federation serves no resource \"" + review.resource() + "\"";
    }
    List<String> verbs = review.verb().equals("*") ? VERBS : List.of(review.verb());
    for (ServedResource resource : resources) {
      for (String verb : verbs) {
        String refusal =
            refusal(
                caller, resource, verb, review.namespace(), review.subresource(), review.name());
        if (refusal != null) {
          return refusal;
        }
      }
    }
    return null;
  }

  /** The verbs {@code caller} may use on each resource in {@code namespace}, as RBAC rules. */
  List<Map<String, Object>> rules(Caller caller, String namespace) {
    Map<List<String>, List<String>> resourcesByVerbs = new LinkedHashMap<>();
    for (ServedResource resource : served.resources()) {
      List<String> allowed = new ArrayList<>();
      for (String verb : VERBS) {
        if (refusal(caller, resource, verb, namespace, "", "") == null) {
          allowed.add(verb);
        }
      }
      if (!allowed.isEmpty()) {
        resourcesByVerbs.computeIfAbsent(allowed, v -> new ArrayList<>()).add(resource.plural());
      }
      if (allowed.contains("get")) {
        for (ServedSubresource sub : served.subresources()) {
          if (sub.resource().equals(resource.plural())) {
            resourcesByVerbs
                .computeIfAbsent(sub.verbs(), v -> new ArrayList<>())
                .add(sub.resource() + "/" + sub.name());
          }
        }
      }
    }
    List<Map<String, Object>> rules = new ArrayList<>();
    resourcesByVerbs.forEach(
        (verbs, resources) -> {
          Map<String, Object> rule = new LinkedHashMap<>();
          rule.put("verbs", verbs);
          rule.put("apiGroups", List.of(KubernetesApi.GROUP));
          rule.put("resources", resources);
          rule.put("resourceNames", List.of());
          rules.add(rule);
        });
    return rules;
  }

  private String refusal(
      Caller caller,
      ServedResource resource,
      String verb,
      String namespace,
      String subresource,
      String name) {
    String method =
        switch (verb) {
          case "get", "list", "watch" -> "GET";
          case "create" -> "POST";
          case "update" -> "PUT";
          case "patch" -> "PATCH";
          case "delete", "deletecollection" -> "DELETE";
          default -> null;
        };
    if (method == null) {
      return "the federation serves no verb \"" + verb + "\" on " + resource.plural();
    }
    if (!subresource.isEmpty()) {
      ServedSubresource sub =
          served.subresources().stream()
              .filter(s -> s.resource().equals(resource.plural()) && s.name().equals(subresource))
              .findFirst()
              .orElse(null);
      if (sub == null) {
        return "the federation serves no subresource " + resource.plural() + "/" + subresource;
      }
      if (!sub.verbs().contains(verb)) {
        return resource.plural() + "/" + subresource + " is read-only: the federation writes it";
      }
    }
    StringBuilder path =
        new StringBuilder("/apis/").append(KubernetesApi.GROUP_VERSION).append('/');
    if (resource.namespaced()) {
      if (namespace.isEmpty() && !caller.unscoped()) {
        return "this token is confined to namespaces "
            + caller.namespaces().stream().sorted().toList()
            + ", not all of them";
      }
      // An unscoped caller is the same in every namespace: any stands for all of them.
      path.append("namespaces/").append(namespace.isEmpty() ? "default" : namespace).append('/');
    }
    path.append(resource.plural());
    // A create names its object in its body, which the access rules do not see; a review of a
    // named create asks about that name (binding a cluster set is granted set by set).
    boolean onObject =
        !subresource.isEmpty()
            || List.of("get", "update", "patch", "delete").contains(verb)
            || verb.equals("create") && !name.isEmpty();
    if (onObject) {
      path.append('/').append(name.isEmpty() ? "-" : name);
      if (!subresource.isEmpty()) {
        path.append('/').append(subresource);
      }
    }
    return decisions.refusal(caller, method, path.toString());
  }
}
