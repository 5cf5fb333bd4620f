package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListingIT extends ApiIntegrationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          env=prod                    | a,c
          env==prod                   | a,c
          env!=prod                   | b,d
          env in (prod, staging)      | a,b,c
          env notin (prod)            | b,d
          gpu                         | c,d
          !gpu                        | a,b
          env=prod,gpu                | c
          env in (prod),!gpu          | a
          env=                        | d
          """)
  void selectsByLabelsWithKubernetesSyntax(String selector, String expected) {
    String run = unique("sel");
    create(run, "a", "\"env\": \"prod\"");
    create(run, "b", "\"env\": \"staging\"");
    create(run, "c", "\"env\": \"prod\", \"gpu\": \"a100\"");
    create(run, "d", "\"env\": \"\", \"gpu\": \"h100\"");

    Response list =
        api.get("/api/v1/clusters?labelSelector=" + encode("run=" + run + "," + selector));

    assertThat(list.status()).isEqualTo(200);
    assertThat(names(list)).containsExactly(prefixed(run, expected.split(",")));
  }

  @Test
  void pagesInKeyOrderWithContinueTokens() {
    String namespace = unique("paging");
    List<String> all = IntStream.range(0, 23).mapToObj(i -> "w-%03d".formatted(i)).toList();
    all.forEach(name -> createWorkload(namespace, name));

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Response page = page(namespace, 7, token);
      assertThat(page.json().at("/items").size()).isLessThanOrEqualTo(7);
      assertThat(page.at("/metadata/resourceVersion")).matches("\\d+");
      seen.addAll(names(page));
      token = page.at("/metadata/continue");
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(4);
    assertThat(seen).containsExactlyElementsOf(all);
  }

  @Test
  void pagingServesEveryLastingObjectExactlyOnceUnderConcurrentWrites() throws Exception {
    String namespace = unique("churn");
    List<String> lasting = IntStream.range(0, 40).mapToObj(i -> "w-%03d".formatted(i)).toList();
    lasting.forEach(name -> createWorkload(namespace, name));

    AtomicBoolean listing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              int i = 0;
              while (listing.get()) {
                // Names interleave with the lasting ones, before and after the page boundaries.
                String transient_ = "w-%03d-t%d".formatted(i % 40, i);
                createWorkload(namespace, transient_);
                api.mergePatch(
                    "/api/v1/namespaces/" + namespace + "/workloads/" + lasting.get(i % 40),
                    "{\"metadata\": {\"labels\": {\"touched\": \"" + i + "\"}}}");
                api.delete("/api/v1/namespaces/" + namespace + "/workloads/" + transient_);
                writes.incrementAndGet();
                i++;
              }
            });

    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Response page = page(namespace, 3, token);
      seen.addAll(names(page));
      token = page.at("/metadata/continue");
    } while (token != null);
    listing.set(false);
    writer.get();

    assertThat(writes.get()).isPositive();
    assertThat(seen).isSortedAccordingTo(String::compareTo);
    assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
    assertThat(seen.stream().filter(lasting::contains).toList()).containsExactlyElementsOf(lasting);
  }

  @Test
  void limitZeroMeansNoLimitAsInKubernetes() {
    String namespace = unique("nolimit");
    IntStream.range(0, 3).forEach(i -> createWorkload(namespace, "w-" + i));

    Response all = page(namespace, 0, null);

    assertThat(names(all)).containsExactly("w-0", "w-1", "w-2");
    assertThat(all.at("/metadata/continue")).isNull();
  }

  @Test
  void aContinueTokenOnlyWorksForTheQueryItCameFrom() {
    String namespace = unique("token");
    IntStream.range(0, 3).forEach(i -> createWorkload(namespace, "w-" + i));
    String token = page(namespace, 1, null).at("/metadata/continue");

    Response otherNamespace =
        api.get("/api/v1/namespaces/elsewhere/workloads?limit=1&continue=" + token);

    assertThat(otherNamespace.status()).isEqualTo(400);
    assertThat(otherNamespace.errorFields()).containsExactly("continue");
  }

  @Test
  void theListResourceVersionCoversItsItems() {
    String run = unique("rv");
    create(run, "a", "\"env\": \"prod\"");
    Response list = api.get("/api/v1/clusters?labelSelector=run%3D" + run);

    long listVersion = Long.parseLong(list.at("/metadata/resourceVersion"));
    long itemVersion = Long.parseLong(list.at("/items/0/metadata/resourceVersion"));

    assertThat(listVersion).isGreaterThanOrEqualTo(itemVersion);
  }

  @Test
  void theListResourceVersionDoesNotGoBackAfterADeletion() {
    String run = unique("rv-deleted");
    create(run, "kept", "\"env\": \"prod\"");
    create(run, "gone", "\"env\": \"prod\"");
    Response deleted = api.delete("/api/v1/clusters/" + run + "-gone");
    assertThat(deleted.status()).isEqualTo(200);

    Response list = api.get("/api/v1/clusters?labelSelector=run%3D" + run);

    // A watch from the list's resourceVersion must not miss the deletion, nor anything before it.
    assertThat(Long.parseLong(list.at("/metadata/resourceVersion")))
        .isGreaterThanOrEqualTo(Long.parseLong(deleted.at("/metadata/resourceVersion")));
  }

  private void create(String run, String suffix, String labels) {
    String body =
        "{\"metadata\": {\"name\": \"%s-%s\", \"labels\": {\"run\": \"%s\", %s}}, \"spec\": {}}"
            .formatted(run, suffix, run, labels);
    assertThat(api.post("/api/v1/clusters", body).status()).isEqualTo(201);
  }

  private void createWorkload(String namespace, String name) {
    String body =
        "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s}}"
            .formatted(name, deployment("nginx"));
    Response created = api.post("/api/v1/namespaces/" + namespace + "/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private Response page(String namespace, int limit, String token) {
    String query = "?limit=" + limit + (token == null ? "" : "&continue=" + token);
    Response page = api.get("/api/v1/namespaces/" + namespace + "/workloads" + query);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return page;
  }

  private static List<String> names(Response list) {
    return list.json()
        .at("/items")
        .valueStream()
        .map(i -> i.at("/metadata/name").asString())
        .toList();
  }

  private static String[] prefixed(String run, String[] suffixes) {
    Set<String> unique = new HashSet<>(List.of(suffixes));
    return unique.stream().sorted().map(s -> run + "-" + s).toArray(String[]::new);
  }

  private static String encode(String selector) {
    return java.net.URLEncoder.encode(selector, java.nio.charset.StandardCharsets.UTF_8);
  }
}
