package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lists take a field selector as watches do ({@code kubectl get --field-selector}): on {@code
 * metadata.name} and {@code metadata.namespace}, any other field a 400 naming {@code
 * fieldSelector}.
 */
class ListFieldSelectorIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";

  @Test
  void listsSelectByNameAndNamespacePageByPage() {
    String namespace = unique("fields");
    String other = unique("fields");
    createWorkload(namespace, "a");
    createWorkload(namespace, "b");
    createWorkload(namespace, "c");
    createWorkload(other, "b");
    String workloads = GROUP + "/namespaces/" + namespace + "/federatedworkloads";

    Response byName = list(workloads + "?fieldSelector=" + encode("metadata.name=b"));
    Response notName = list(workloads + "?fieldSelector=" + encode("metadata.name!=b"));
    Response across =
        list(
            GROUP
                + "/federatedworkloads?fieldSelector="
                + encode("metadata.name=b,metadata.namespace=" + other));
    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Response page =
          list(
              workloads
                  + "?limit=1&fieldSelector="
                  + encode("metadata.name=c")
                  + (token == null ? "" : "&continue=" + token));
      paged.addAll(names(page));
      token = page.at("/metadata/continue");
    } while (token != null);

    assertThat(names(byName)).containsExactly("b");
    assertThat(names(notName)).containsExactly("a", "c");
    assertThat(names(across)).containsExactly("b");
    assertThat(across.at("/items/0/metadata/namespace")).isEqualTo(other);
    assertThat(paged).containsExactly("c");
  }

  @Test
  void aFieldNoKindSelectsOnIsABadRequestNamingTheParameter() {
    Response list = api.get(GROUP + "/memberclusters?fieldSelector=" + encode("spec.region=eu"));

    assertThat(list.status()).as(list.body()).isEqualTo(400);
    assertThat(list.errorFields()).containsExactly("fieldSelector");
  }

  private Response list(String path) {
    Response list = api.get(path);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list;
  }

  private void createWorkload(String namespace, String name) {
    String body =
        "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s}}"
            .formatted(name, deployment("nginx"));
    Response created = api.post("/api/v1/namespaces/" + namespace + "/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static List<String> names(Response list) {
    return list.json()
        .at("/items")
        .valueStream()
        .map(i -> i.at("/metadata/name").asString())
        .toList();
  }

  private static String encode(String selector) {
    return URLEncoder.encode(selector, StandardCharsets.UTF_8);
  }
}
