package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.ApiKinds;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every kind the service has a strategy for is served everywhere a kind must be: in discovery with
 * its status subresource, watched wherever it is listed (on both of its paths, and across
 * namespaces when namespaced), read through the status subresource, printed with columns of its
 * own, and audited under its kind on both paths. A kind that is registered but forgotten in one of
 * these places fails here, named with the place.
 */
class KindRegistrationIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1/";
  private static final String LEGACY = "/api/v1/";

  @Autowired private List<ResourceStrategy<?, ?, ?>> strategies;
  @Autowired private ApiKinds kinds;
  @Autowired private WatchMappings watchMappings;
  @Autowired private Tables tables;
  @Autowired private List<KindColumns<?>> columns;

  @Test
  void everyStrategyIsAServedKind() {
    assertThat(kinds.all()).containsExactlyInAnyOrderElementsOf(strategies);
  }

  @Test
  void everyKindIsInDiscoveryWithItsStatusSubresource() {
    JsonNode resources = api.get(GROUP.substring(0, GROUP.length() - 1)).json().path("resources");
    Map<String, String> discovered =
        resources
            .valueStream()
            .collect(
                Collectors.toMap(r -> r.path("name").asString(), r -> r.path("kind").asString()));

    assertThat(missing(kind -> discovery(kind, discovered))).isEmpty();
  }

  @Test
  void everyKindIsWatchedWhereverItIsListed() {
    assertThat(missing(this::watches)).isEmpty();
  }

  @Test
  void everyKindHasColumnsOfItsOwnAndEveryColumnsBeanAKind() {
    Set<String> served =
        kinds.all().stream().map(ResourceStrategy::kind).collect(Collectors.toSet());

    assertThat(missing(kind -> tables.hasColumns(kind.kind()) ? List.of() : List.of("tables")))
        .isEmpty();
    assertThat(columns)
        .extracting(KindColumns::kind)
        .as("table columns of kinds that are not served")
        .allMatch(served::contains);
  }

  @Test
  void everyKindsStatusSubresourceReadsItsObjects() {
    String namespace = unique("registration");

    assertThat(missing(kind -> status(kind, namespace))).isEmpty();
  }

  @Test
  void everyKindIsAuditedUnderItsKindOnBothPaths() {
    String viewer = unique("registration-viewer");
    ApiClient refused = api.withToken(api.issueToken(viewer, "viewer", List.of()));
    String namespace = unique("registration");
    for (ResourceStrategy<?, ?, ?> kind : kinds.all()) {
      for (String path : objectPaths(kind, namespace)) {
        assertThat(refused.delete(path).status()).as(path).isEqualTo(403);
      }
    }
    Map<String, String> audited = new HashMap<>();
    api.get("/api/v1/audit?subject=" + viewer + "&limit=500")
        .json()
        .path("items")
        .forEach(e -> audited.put(e.path("name").asString(), e.path("resource").asString()));

    assertThat(missing(kind -> audit(kind, namespace, audited))).isEmpty();
  }

  private List<String> discovery(ResourceStrategy<?, ?, ?> kind, Map<String, String> discovered) {
    List<String> missing = new ArrayList<>();
    if (!kind.kind().equals(discovered.get(kind.api().plural()))) {
      missing.add("discovery " + GROUP + " (" + kind.api().plural() + ")");
    }
    if (!kind.kind().equals(discovered.get(kind.api().plural() + "/status"))) {
      missing.add("discovery " + GROUP + " (" + kind.api().plural() + "/status)");
    }
    return missing;
  }

  private List<String> watches(ResourceStrategy<?, ?, ?> kind) {
    Set<String> watched = new HashSet<>();
    for (WatchMappings.Watched list : watchMappings.watched()) {
      if (list.strategy() == kind) {
        watched.addAll(list.patterns());
      }
    }
    return listPaths(kind).stream()
        .filter(path -> !watched.contains(path))
        .map(path -> "watch (and list) on " + path)
        .toList();
  }

  /** The paths OpenAPI and the old API promise a kind is listed and watched on. */
  private static List<String> listPaths(ResourceStrategy<?, ?, ?> kind) {
    ApiKind api = kind.api();
    String scope = kind.namespaced() ? "namespaces/{namespace}/" : "";
    List<String> paths = new ArrayList<>();
    paths.add(GROUP + scope + api.plural());
    paths.add(LEGACY + scope + api.legacyPlural());
    if (kind.namespaced()) {
      paths.add(GROUP + api.plural());
    }
    return paths;
  }

  private List<String> status(ResourceStrategy<?, ?, ?> kind, String namespace) {
    String path =
        GROUP
            + (kind.namespaced() ? "namespaces/" + namespace + "/" : "")
            + kind.api().plural()
            + "/absent/status";
    Response read = api.get(path);
    // The object is not found, as Kubernetes names it (by plural); a kind the subresource does not
    // know is a "resource" not found.
    return read.status() == 404
            && kind.api().plural().equals(read.at("/details/kind"))
            && "absent".equals(read.at("/details/name"))
        ? List.of()
        : List.of("status subresource " + path + " (" + read.status() + " " + read.body() + ")");
  }

  private static List<String> objectPaths(ResourceStrategy<?, ?, ?> kind, String namespace) {
    String scope = kind.namespaced() ? "namespaces/" + namespace + "/" : "";
    return List.of(
        GROUP + scope + kind.api().plural() + "/" + kind.api().plural() + "-group",
        LEGACY + scope + kind.api().legacyPlural() + "/" + kind.api().plural() + "-legacy");
  }

  private static List<String> audit(
      ResourceStrategy<?, ?, ?> kind, String namespace, Map<String, String> audited) {
    List<String> missing = new ArrayList<>();
    for (String path : objectPaths(kind, namespace)) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (!kind.kind().equals(audited.get(name))) {
        missing.add("audit of " + path + " (recorded as " + audited.get(name) + ")");
      }
    }
    return missing;
  }

  /** For each kind, what it misses: "HealthRule: tables". */
  private List<String> missing(Function<ResourceStrategy<?, ?, ?>, List<String>> places) {
    List<String> missing = new ArrayList<>();
    for (ResourceStrategy<?, ?, ?> kind : kinds.all()) {
      for (String place : places.apply(kind)) {
        missing.add(kind.kind() + ": " + place);
      }
    }
    return missing;
  }
}
