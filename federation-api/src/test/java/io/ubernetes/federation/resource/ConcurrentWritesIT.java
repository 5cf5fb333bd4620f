package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Concurrent writes with a pool of two connections, one of them held by the replica's LISTEN
 * connection: a request that needed a second connection while it still held its first (a
 * transaction of its own after its commit, to write a status) would wait for itself until the
 * pool's timeout, and every request queued behind it would be turned away with 503. What follows a
 * write's commit is written on a thread of its own instead, and shows once written.
 */
@TestPropertySource(
    properties = {
      "spring.datasource.hikari.maximum-pool-size=2",
      "spring.datasource.hikari.connection-timeout=5000"
    })
class ConcurrentWritesIT extends ApiIntegrationTest {
  private static final int WRITES = 6;

  @Test
  void concurrentWorkloadCreatesAreAllAnsweredAndEachGetsItsDependencyCondition() {
    String ns = unique("pool");
    String workloads = "/apis/ubernetes.io/v1/namespaces/" + ns + "/federatedworkloads";
    String config = unique("app-config");
    List<String> names = IntStream.range(0, WRITES).mapToObj(i -> unique("web")).toList();

    List<Response> answers =
        concurrently(
            names, name -> api.post(workloads, Manifests.workloadDrawing(name, config, "")));

    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
    for (String name : names) {
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          api.get(workloads + "/" + name)
                              .json()
                              .path("status")
                              .path("conditions")
                              .valueStream()
                              .filter(c -> c.path("type").asString().equals("DependenciesResolved"))
                              .map(c -> c.path("reason").asString()))
                      .as(name)
                      .containsExactly("Missing"));
    }
  }

  @Test
  void concurrentQuotaCreatesAreAllAnsweredAndEachGetsItsStatus() {
    List<String> namespaces = IntStream.range(0, WRITES).mapToObj(i -> unique("quota")).toList();

    List<Response> answers =
        concurrently(
            namespaces,
            ns ->
                api.post(
                    quotas(ns),
                    "{\"metadata\": {\"name\": \"compute\"}, \"spec\": {\"hard\": {\"pods\": \"10\"}}}"));

    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
    for (String ns : namespaces) {
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          api.get(quotas(ns) + "/compute")
                              .json()
                              .at("/status/hard/pods")
                              .asString())
                      .as(ns)
                      .isEqualTo("10"));
    }
  }

  private static <T> List<Response> concurrently(List<T> subjects, Function<T, Response> write) {
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Response>> writes =
          subjects.stream()
              .map(subject -> CompletableFuture.supplyAsync(() -> write.apply(subject), clients))
              .toList();
      return writes.stream().map(CompletableFuture::join).toList();
    }
  }

  private static String quotas(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/federatedresourcequotas";
  }
}
