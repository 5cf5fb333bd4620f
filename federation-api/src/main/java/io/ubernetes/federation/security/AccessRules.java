package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Role;
import io.ubernetes.federation.resource.ApiKinds;
import io.ubernetes.federation.web.ApiPaths;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.web.util.UriUtils;

/**
 * Who may call what, in one place. A request is decided on its method and path alone; namespaced
 * paths are checked against the caller's namespaces here, and lists across namespaces are filtered
 * by the controller.
 *
 * <ul>
 *   <li>Every user: its own access reviews ({@code kubectl auth can-i}).
 *   <li>Anonymous: the health probes, {@code /version}, the agents' join (it carries the join
 *       token), Swagger UI's own files, the dashboard's files ({@code /ui/}), the OpenAPI document
 *       unless configured otherwise, and metrics when configured public.
 *   <li>Member agents: only {@code /api/v1/agent/clusters/<their cluster>/...}.
 *   <li>viewer: every read within its namespaces (cluster-scoped kinds included), placement
 *       simulations, the DNS exports (which list the services of its namespaces only).
 *   <li>operator: also writes workloads, services and override policies in its namespaces (not
 *       their resource quotas: a tenant must not raise its own limit); an operator confined to no
 *       namespace also writes the cluster-scoped kinds that declare so (placement policies, rollout
 *       strategies, cluster override policies, health rules, cluster federated workloads: {@link
 *       io.ubernetes.federation.resource.ApiKind}) and the resource quotas of every namespace; a
 *       namespaced operator cannot.
 *   <li>ClusterSetBindings: written by admins, and by operators of the namespace granted the
 *       binding's set ({@link Caller#clusterSets()}).
 *   <li>admin: everything, including clusters, join approval, tokens, join tokens and the audit
 *       log.
 * </ul>
 */
final class AccessRules {
  private final boolean publicMetrics;
  private final boolean publicApiDocs;
  private final Function<String, Optional<String>> writtenByUnconfinedOperators;

  /**
   * @param writtenByUnconfinedOperators the cluster-scoped kind a path segment names, in words,
   *     when operators confined to no namespace write it ({@link ApiKinds})
   */
  AccessRules(
      boolean publicMetrics,
      boolean publicApiDocs,
      Function<String, Optional<String>> writtenByUnconfinedOperators) {
    this.publicMetrics = publicMetrics;
    this.publicApiDocs = publicApiDocs;
    this.writtenByUnconfinedOperators = writtenByUnconfinedOperators;
  }

  /** The outcome: allowed, or refused with the reason the caller is shown. */
  sealed interface Decision {
    record Allowed() implements Decision {}

    /** Refused; an anonymous caller is asked to authenticate (401), others are forbidden (403). */
    record Refused(String reason) implements Decision {}
  }

  private static final Decision ALLOWED = new Decision.Allowed();

  /** The plural of ClusterSetBindings, whose writes need a grant of the set they bind. */
  static final String CLUSTER_SET_BINDINGS = "clustersetbindings";

  /**
   * @param caller null when the request carries no credential
   */
  Decision decide(Caller caller, String method, String rawPath) {
    String path = decode(rawPath);
    boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      return ALLOWED;
    }
    if (path.equals("/error")) {
      return ALLOWED;
    }
    // Which Kubernetes API the server speaks, as every Kubernetes API server tells anyone.
    if (path.equals("/version") && read) {
      return ALLOWED;
    }
    if (publicMetrics && path.equals("/actuator/prometheus")) {
      return ALLOWED;
    }
    if (isSwaggerUi(path) || (publicApiDocs && isApiDocs(path))) {
      return ALLOWED;
    }
    // The dashboard's files hold no data: it asks for a token and sends it with every API call.
    if ((path.equals("/ui") || path.startsWith("/ui/")) && read) {
      return ALLOWED;
    }
    if (path.equals("/api/v1/agent/join") && method.equals("POST")) {
      return ALLOWED;
    }
    if (caller == null) {
      return new Decision.Refused("a bearer token is required (Authorization: Bearer ...)");
    }
    List<String> segments = segments(path);
    if (path.startsWith("/api/v1/agent/")) {
      if (!caller.isAgent()) {
        return new Decision.Refused("the agent endpoints are for member agents only");
      }
      boolean own =
          segments.size() >= 5
              && segments.get(3).equals("clusters")
              && segments.get(4).equals(caller.cluster());
      return own
          ? ALLOWED
          : new Decision.Refused("this credential belongs to cluster \"" + caller.cluster() + "\"");
    }
    if (caller.isAgent()) {
      return new Decision.Refused(
          "a cluster credential reaches only /api/v1/agent/clusters/" + caller.cluster() + "/...");
    }
    if (caller.role() == null) {
      return new Decision.Refused("the token carries no role (viewer, operator or admin)");
    }
    // Asking what one may do (kubectl auth can-i) is open to every user; the answer is about them.
    if (method.equals("POST")
        && (path.equals("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
            || path.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"))) {
      return ALLOWED;
    }
    if (path.startsWith("/api/v1/tokens")
        || path.startsWith("/api/v1/jointokens")
        || path.startsWith("/api/v1/audit")) {
      return require(caller, Role.ADMIN, "tokens, join tokens and the audit log are for admins");
    }
    String namespace = ApiPaths.namespace(path);
    if (namespace != null) {
      if (!caller.reaches(namespace)) {
        return new Decision.Refused(
            "this token is confined to namespaces "
                + caller.namespaces().stream().sorted().toList());
      }
      if (read) {
        return ALLOWED;
      }
      Decision binding = bindingGrant(caller, method, ApiPaths.resourceSegments(path));
      if (binding != null) {
        return binding;
      }
      Optional<String> limiting = aboveTheNamespace(path);
      if (limiting.isPresent()) {
        return caller.has(Role.ADMIN) || (caller.has(Role.OPERATOR) && caller.unscoped())
            ? ALLOWED
            : new Decision.Refused(
                limiting.get()
                    + " limit a namespace: writing them needs the admin role, or an operator"
                    + " confined to no namespace");
      }
      return require(caller, Role.OPERATOR, "writing needs the operator role");
    }
    if (read) {
      return ALLOWED;
    }
    if (path.equals("/api/v1/placement:simulate")) {
      return ALLOWED;
    }
    List<String> resource = ApiPaths.resourceSegments(path);
    Optional<String> clusterScoped =
        resource == null || resource.isEmpty()
            ? Optional.empty()
            : writtenByUnconfinedOperators.apply(resource.get(0));
    if (clusterScoped.isPresent()) {
      if (caller.has(Role.ADMIN) || (caller.has(Role.OPERATOR) && caller.unscoped())) {
        return ALLOWED;
      }
      return new Decision.Refused(
          clusterScoped.get()
              + " are cluster-scoped: writing them needs the admin role, or an operator confined"
              + " to no namespace");
    }
    return require(caller, Role.ADMIN, "this change needs the admin role");
  }

  /**
   * Binding a cluster set to a namespace is its own permission: the admin role, or an operator
   * granted that set. A binding is named after its set, so the path names the set of every write
   * but a create, whose body the binding's strategy checks; a create or an access review without a
   * name is allowed to an operator granted any set, a deletion of all bindings to admins only.
   *
   * @return the decision on a write of ClusterSetBindings; null for a write of anything else
   */
  private static Decision bindingGrant(Caller caller, String method, List<String> resource) {
    if (resource == null
        || resource.size() < 3
        || !resource.get(2).equals(CLUSTER_SET_BINDINGS)
        || caller.has(Role.ADMIN)) {
      return null;
    }
    if (!caller.has(Role.OPERATOR)) {
      return new Decision.Refused("writing needs the operator role");
    }
    String set = resource.size() > 3 ? resource.get(3) : "";
    if (set.isEmpty() && method.equals("DELETE")) {
      return new Decision.Refused("deleting every binding of a namespace needs the admin role");
    }
    if (set.isEmpty() || set.equals("-")) {
      return caller.clusterSets().isEmpty()
          ? new Decision.Refused(
              "binding a cluster set needs the admin role, or an operator granted the set"
                  + " (clusterSets); this token is granted none")
          : ALLOWED;
    }
    return caller.mayBind(set)
        ? ALLOWED
        : new Decision.Refused(
            "binding cluster set \""
                + set
                + "\" needs the admin role, or an operator granted it: this token's clusterSets"
                + " do not include \""
                + set
                + "\"");
  }

  /**
   * The namespaced kind a path names, in words, when the namespace's own operators do not write it
   * (its quotas: a tenant must not raise its own limit).
   */
  private Optional<String> aboveTheNamespace(String path) {
    List<String> resource = ApiPaths.resourceSegments(path);
    return resource == null || resource.size() < 3
        ? Optional.empty()
        : writtenByUnconfinedOperators.apply(resource.get(2));
  }

  private static Decision require(Caller caller, Role role, String reason) {
    return caller.has(role) ? ALLOWED : new Decision.Refused(reason);
  }

  /**
   * The page, scripts, styles and configuration of Swagger UI: static files of an open-source
   * project, and what a browser must load before the user can give it a token.
   */
  private static boolean isSwaggerUi(String path) {
    return path.equals("/swagger-ui.html")
        || path.startsWith("/swagger-ui/")
        || path.equals("/v3/api-docs/swagger-config");
  }

  private static boolean isApiDocs(String path) {
    return path.equals("/v3/api-docs")
        || path.startsWith("/v3/api-docs/")
        || path.startsWith("/v3/api-docs.");
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/", -1)).skip(1).toList();
  }

  private static String decode(String path) {
    try {
      return UriUtils.decode(path, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return path;
    }
  }
}
