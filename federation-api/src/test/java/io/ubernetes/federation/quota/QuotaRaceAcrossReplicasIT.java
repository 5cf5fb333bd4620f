package io.ubernetes.federation.quota;

import static io.ubernetes.federation.testing.ServiceReplicas.api;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ServiceReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two replicas of the service on one database, two creates racing for the last of a quota, one on
 * each: exactly one wins every time, the other is refused with 403 QuotaExceeded, and the stored
 * charges and the quota's status.admitted equal a recount from the stored specs; a replica that
 * starts repairs charges that drifted meanwhile.
 */
class QuotaRaceAcrossReplicasIT {
  private static final int ROUNDS = 25;

  @RegisterExtension final ServiceReplicas replicas = new ServiceReplicas();

  @Test
  void ofTwoCreatesRacingForTheLastOfAQuotaOnTwoReplicasExactlyOneWins() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (ConfigurableApplicationContext first = replicas.start();
        ConfigurableApplicationContext second = replicas.start()) {
      ApiClient one = api(first);
      ApiClient other = api(second);
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
      ChargeRecount recount = first.getBean(ChargeRecount.class);
      WorkloadCharges charges = first.getBean(WorkloadCharges.class);
      for (int round = 0; round < ROUNDS; round++) {
        String namespace = "race-" + round;
        assertThat(charges.inNamespace(namespace)).isEqualTo(recount.expected(namespace));
        assertThat(
                one.get(quotas(namespace) + "/compute")
                    .json()
                    .at("/status/admitted/pods")
                    .asString())
            .isEqualTo("4");
        assertThat(other.get(workloads(namespace)).json().at("/items").size()).isEqualTo(2);
      }
      assertThat(outcomes).hasSize(ROUNDS);

      // A charge gone wrong while no replica runs is repaired by the next one to start.
      JdbcClient.create(replicas.database())
          .sql("update workload_charges set pods = 40 where namespace = 'race-0'")
          .update();
      first.close();
      second.close();
      try (ConfigurableApplicationContext restarted = replicas.start()) {
        ChargeRecount afterRestart = restarted.getBean(ChargeRecount.class);
        assertThat(restarted.getBean(WorkloadCharges.class).inNamespace("race-0"))
            .isEqualTo(afterRestart.expected("race-0"));
        assertThat(
                api(restarted)
                    .get(quotas("race-0") + "/compute")
                    .json()
                    .at("/status/admitted/pods")
                    .asString())
            .isEqualTo("4");
      }
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
}
