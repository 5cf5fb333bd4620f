package io.ubernetes.federation.dependency;

import static io.ubernetes.federation.dependency.FederatedObjectApiIT.workload;
import static io.ubernetes.federation.dependency.FederatedObjectApiIT.workloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Concurrent creates with a pool of two connections, one of them held by the replica's LISTEN
 * connection: a request that needed a second connection while it still held its first (a
 * transaction of its own after its commit, as the DependenciesResolved condition once had) would
 * wait for itself until the pool's timeout, and every request queued behind it would be turned away
 * with 503.
 */
@TestPropertySource(
    properties = {
      "spring.datasource.hikari.maximum-pool-size=2",
      "spring.datasource.hikari.connection-timeout=5000"
    })
class ConcurrentCreatesIT extends ApiIntegrationTest {
  private static final int CREATES = 6;

  @Test
  void concurrentCreatesAreAllAnsweredAndEachGetsItsDependencyCondition() {
    String ns = unique("pool");
    String config = unique("app-config");
    List<String> names = IntStream.range(0, CREATES).mapToObj(i -> unique("web")).toList();

    List<Response> answers;
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Response>> creates =
          names.stream()
              .map(
                  name ->
                      CompletableFuture.supplyAsync(
                          () -> api.post(workloads(ns), workload(name, config, "")), clients))
              .toList();
      answers = creates.stream().map(CompletableFuture::join).toList();
    }

    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
    for (String name : names) {
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          api.get(workloads(ns) + "/" + name)
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
}
