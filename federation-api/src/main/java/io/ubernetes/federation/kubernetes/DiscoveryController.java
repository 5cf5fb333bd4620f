package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.FederationApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kubernetes discovery: the server's version, its API groups and the resources of each, in the
 * classic documents and, when the client asks for it, as one aggregated document ({@code
 * apidiscovery.k8s.io/v2}) that kubectl and client-go read in a single request. Of the core group
 * ({@code /api/v1}) the federation serves events alone: the workloads' history ({@link
 * EventsController}).
 */
@RestController
class DiscoveryController {
  /** The Kubernetes minor version whose API machinery the federation speaks. */
  static final String KUBERNETES_MINOR = "35";

  /** The media type of aggregated discovery, as clients ask for it and must get it back. */
  static final String AGGREGATED =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private final Map<String, Object> version;
  private final ServedResources served;

  DiscoveryController(ServedResources served) {
    this.served = served;
    String own = FederationApplication.class.getPackage().getImplementationVersion();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("major", "1");
    info.put("minor", KUBERNETES_MINOR);
    info.put(
        "gitVersion", "v1." + KUBERNETES_MINOR + ".0+ubernetes." + (own == null ? "dev" : own));
    info.put("gitCommit", "");
    info.put("gitTreeState", "");
    info.put("buildDate", "");
    info.put("goVersion", "");
    info.put("compiler", "javac");
    info.put("platform", platform());
    this.version = Map.copyOf(info);
  }

  @GetMapping(path = "/version", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> version() {
    return version;
  }

  @GetMapping("/api")
  ResponseEntity<Map<String, Object>> legacyGroup(
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    if (wantsAggregated(accept)) {
      return aggregated(List.of(coreDiscovery()));
    }
    return json(
        ordered(
            "kind",
            "APIVersions",
            "versions",
            List.of("v1"),
            "serverAddressByClientCIDRs",
            List.of()));
  }

  @GetMapping("/api/v1")
  ResponseEntity<Map<String, Object>> coreResources() {
    return json(
        ordered(
            "kind",
            "APIResourceList",
            "groupVersion",
            "v1",
            "resources",
            List.of(
                ordered(
                    "name",
                    "events",
                    "singularName",
                    "event",
                    "namespaced",
                    true,
                    "kind",
                    "Event",
                    "verbs",
                    EVENT_VERBS,
                    "shortNames",
                    List.of("ev")))));
  }

  private static final List<String> EVENT_VERBS = List.of("get", "list", "watch");

  /** The core group in the aggregated document: version v1, with events alone. */
  private static Map<String, Object> coreDiscovery() {
    Map<String, Object> events =
        ordered(
            "resource",
            "events",
            "responseKind",
            ordered("group", "", "version", "v1", "kind", "Event"),
            "scope",
            "Namespaced",
            "singularResource",
            "event",
            "verbs",
            EVENT_VERBS,
            "shortNames",
            List.of("ev"));
    return ordered(
        "metadata",
        Map.of(),
        "versions",
        List.of(ordered("version", "v1", "resources", List.of(events), "freshness", "Current")));
  }

  @GetMapping("/apis")
  ResponseEntity<Map<String, Object>> groups(
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    if (wantsAggregated(accept)) {
      return aggregated(List.of(groupDiscovery(), AccessReviewController.groupDiscovery()));
    }
    return json(
        ordered(
            "kind",
            "APIGroupList",
            "apiVersion",
            "v1",
            "groups",
            List.of(groupInfo(), AccessReviewController.groupInfo())));
  }

  @GetMapping("/apis/" + KubernetesApi.GROUP)
  ResponseEntity<Map<String, Object>> group() {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    group.putAll(groupInfo());
    return json(group);
  }

  @GetMapping("/apis/" + KubernetesApi.GROUP_VERSION)
  ResponseEntity<Map<String, Object>> resources() {
    List<Map<String, Object>> resources = new ArrayList<>();
    for (ServedResource resource : served.resources()) {
      resources.add(
          ordered(
              "name", resource.plural(),
              "singularName", resource.singular(),
              "namespaced", resource.namespaced(),
              "kind", resource.kind(),
              "verbs", resource.verbs(),
              "shortNames", resource.shortNames(),
              "categories", List.of(KubernetesApi.CATEGORY)));
    }
    for (ServedSubresource sub : served.subresources()) {
      resources.add(
          ordered(
              "name", sub.resource() + "/" + sub.name(),
              "singularName", "",
              "namespaced", served.namespaced(sub.resource()),
              "kind", sub.kind(),
              "verbs", sub.verbs()));
    }
    return json(
        ordered(
            "kind",
            "APIResourceList",
            "apiVersion",
            "v1",
            "groupVersion",
            KubernetesApi.GROUP_VERSION,
            "resources",
            resources));
  }

  private static Map<String, Object> groupInfo() {
    Map<String, Object> version =
        ordered("groupVersion", KubernetesApi.GROUP_VERSION, "version", KubernetesApi.VERSION);
    return ordered(
        "name", KubernetesApi.GROUP, "versions", List.of(version), "preferredVersion", version);
  }

  private Map<String, Object> groupDiscovery() {
    List<Map<String, Object>> resources = new ArrayList<>();
    for (ServedResource resource : served.resources()) {
      resources.add(
          ordered(
              "resource", resource.plural(),
              "responseKind", kind(resource.kind()),
              "scope", resource.namespaced() ? "Namespaced" : "Cluster",
              "singularResource", resource.singular(),
              "verbs", resource.verbs(),
              "shortNames", resource.shortNames(),
              "categories", List.of(KubernetesApi.CATEGORY),
              "subresources", subresources(resource.plural())));
    }
    return ordered(
        "metadata", Map.of("name", KubernetesApi.GROUP),
        "versions",
            List.of(
                ordered(
                    "version",
                    KubernetesApi.VERSION,
                    "resources",
                    resources,
                    "freshness",
                    "Current")));
  }

  private List<Map<String, Object>> subresources(String resource) {
    List<Map<String, Object>> subresources = new ArrayList<>();
    for (ServedSubresource sub : served.subresources()) {
      if (sub.resource().equals(resource)) {
        subresources.add(
            ordered(
                "subresource", sub.name(), "responseKind", kind(sub.kind()), "verbs", sub.verbs()));
      }
    }
    return subresources;
  }

  private static Map<String, Object> kind(String kind) {
    return ordered("group", KubernetesApi.GROUP, "version", KubernetesApi.VERSION, "kind", kind);
  }

  /**
   * Whether the client takes the aggregated document: its Accept header names {@code
   * apidiscovery.k8s.io} version {@code v2} (kubectl 1.35 also offers v2beta1 and plain JSON, in
   * that order of preference).
   */
  static boolean wantsAggregated(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    try {
      for (MediaType type : MediaType.parseMediaTypes(accept)) {
        if ("apidiscovery.k8s.io".equals(type.getParameter("g"))
            && "v2".equals(type.getParameter("v"))
            && "APIGroupDiscoveryList".equals(type.getParameter("as"))) {
          return true;
        }
      }
    } catch (InvalidMediaTypeException e) {
      // Not a list of media types: the classic documents it is.
    }
    return false;
  }

  private static ResponseEntity<Map<String, Object>> aggregated(List<Map<String, Object>> items) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(AGGREGATED))
        .body(
            ordered(
                "kind",
                "APIGroupDiscoveryList",
                "apiVersion",
                "apidiscovery.k8s.io/v2",
                "metadata",
                Map.of(),
                "items",
                items));
  }

  private static ResponseEntity<Map<String, Object>> json(Map<String, Object> body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
  }

  /** A map of these keys and values, in this order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Where the service runs, as Go names it: {@code linux/amd64}. */
  private static String platform() {
    String arch = System.getProperty("os.arch");
    String goArch =
        switch (arch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64" -> "arm64";
          default -> arch;
        };
    return System.getProperty("os.name").toLowerCase() + "/" + goArch;
  }
}
