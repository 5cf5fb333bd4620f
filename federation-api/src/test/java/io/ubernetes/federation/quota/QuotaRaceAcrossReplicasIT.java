package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two replicas of the service on one database, two creates racing for the last of a quota, one on
 * each: exactly one wins every time, the other is refused with 403 QuotaExceeded, and the stored
 * charges and the quota's status.admitted equal a recount from the stored specs.
 */
class QuotaRaceAcrossReplicasIT {
  private static final int ROUNDS = 25;

  private EmbeddedPostgres database;

  @BeforeEach
  void startDatabase() throws Exception {
    database = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  @AfterEach
  void stopDatabase() throws Exception {
    database.close();
  }

  @Test
  void ofTwoCreatesRacingForTheLastOfAQuotaOnTwoReplicasExactlyOneWins() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start()) {
      ApiClient one = client(first);
      ApiClient other = client(second);
      List<String> outcomes = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        String namespace = "race-" + round;
        Response quota =
            one.post(
                quotas(namespace),
                "{\"metadata\": {\"name\": \"compute\"}, \"spec\": {\"hard\": {\"pods\": \"4\"}}}");
        assertThat(quota.status()).as(quota.body()).isEqualTo(201);
        assertThat(one.post(workloads(namespace), workload("base", 2)).status()).isEqualTo(201);
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Response> a =
            CompletableFuture.supplyAsync(
                () -> race(start, one, namespace, workload("left", 2)), callers);
        CompletableFuture<Response> b =
            CompletableFuture.supplyAsync(
                () -> race(start, other, namespace, workload("right", 2)), callers);
        Response left = a.get();
        Response right = b.get();

        List<Integer> statuses = List.of(left.status(), right.status());
        assertThat(statuses).as(left.body() + right.body()).containsExactlyInAnyOrder(201, 403);
        Response loser = left.status() == 403 ? left : right;
        assertThat(loser.at("/reason")).isEqualTo("QuotaExceeded");
        assertThat(loser.at("/detail"))
            .endsWith("exceeded quota: compute, requested: pods=2, used: pods=4, limited: pods=4");
        outcomes.add(left.status() == 201 ? "left" : "right");
      }
      JdbcClient jdbc = JdbcClient.create(database.getPostgresDatabase());
      ChargeRecount recount = first.getBean(ChargeRecount.class);
      for (int round = 0; round < ROUNDS; round++) {
        String namespace = "race-" + round;
        assertThat(charges(jdbc, namespace)).isEqualTo(recount.expected(namespace));
        assertThat(
                one.get(quotas(namespace) + "/compute")
                    .json()
                    .at("/status/admitted/pods")
                    .asString())
            .isEqualTo("4");
        assertThat(other.get(workloads(namespace)).json().at("/items").size()).isEqualTo(2);
      }
      assertThat(outcomes).hasSize(ROUNDS);
    } finally {
      callers.shutdownNow();
    }
  }

  private static Response race(
      CyclicBarrier start, ApiClient api, String namespace, String workload) {
    try {
      start.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return api.post(workloads(namespace), workload);
  }

  private static Map<UUID, QuotaAmounts> charges(JdbcClient jdbc, String namespace) {
    return jdbc.sql(
            "select workload_uid, cpu_millis, memory_bytes, pods, workloads from workload_charges"
                + " where namespace = ?")
        .param(namespace)
        .query(
            rs -> {
              Map<UUID, QuotaAmounts> charges = new HashMap<>();
              while (rs.next()) {
                charges.put(
                    rs.getObject(1, UUID.class),
                    new QuotaAmounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
              }
              return charges;
            });
  }

  private static String workload(String name, int replicas) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "100m"}}}]}}}}}}
        """
        .formatted(name, replicas, name, name);
  }

  private static String workloads(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/workloads";
  }

  private static String quotas(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/federatedresourcequotas";
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(FederationApplication.class)
        .run(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:"
                + database.getPort()
                + "/postgres",
            "--spring.datasource.username=postgres",
            "--ubernetes.scheduler.enabled=false",
            "--ubernetes.agents.join-token=test-join-token",
            "--" + ApiClient.ADMIN_TOKEN_PROPERTY);
  }

  private static ApiClient client(ConfigurableApplicationContext service) {
    return new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort());
  }
}
