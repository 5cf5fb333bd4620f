package io.ubernetes.federation.tenancy;

import static io.ubernetes.federation.testing.Manifests.clusterSetBinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The scheduler keeps each namespace's workloads on the clusters of the cluster sets bound to it:
 * failover stays inside them, a binding changed moves the replicas, explanations and simulations
 * name the rule. The scheduler runs pass by pass.
 */
class TenancySchedulingIT extends SchedulingIntegrationTest {
  private String fra;
  private String dub;
  private String iad;
  private String eu;
  private String us;
  private String namespace;

  @BeforeEach
  void fleet() {
    fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.05);
    dub = cluster(run + "-dub", "eu-west", "cloud", 16, 0.05);
    // Far cheaper and larger: the engine would put everything here if it could.
    iad = cluster(run + "-iad", "us-east", "cloud", 64, 0.001);
    eu = set(run + "-eu", "eu-central", "eu-west");
    us = set(run + "-us", "us-east");
    namespace = run + "-shop";
  }

  @Test
  void aNamespaceBoundToAnEuSetRunsInEuFailsOverInsideItAndMovesWhenItsBindingChanges() {
    bind(eu);
    workload(namespace, "web", 4, placement(""));

    schedule();
    Map<String, Integer> placed = replicas(namespace, "web");

    report(fra, "False", 16);
    advance(Duration.ofSeconds(61));
    schedule();
    Map<String, Integer> failedOver = replicas(namespace, "web");

    bind(us);
    unbind(eu);
    schedule();
    Map<String, Integer> rebound = replicas(namespace, "web");

    assertThat(placed.keySet()).isSubsetOf(fra, dub);
    assertThat(sum(placed)).isEqualTo(4);
    assertThat(failedOver).as("failover stays inside the fence").containsExactly(Map.entry(dub, 4));
    assertThat(rebound).as("the binding changed: replicas move").containsExactly(Map.entry(iad, 4));
  }

  @Test
  void theExplanationNamesTheRuleForEachFencedClusterAndCountsThem() {
    bind(eu);
    workload(namespace, "api", 2, placement(""));

    schedule();
    Response placement = api.get("/api/v1/namespaces/" + namespace + "/workloads/api/placement");

    String rule = "not in a cluster set bound to namespace " + namespace;
    assertThat(placement.status()).as(placement.body()).isEqualTo(200);
    assertThat(placement.json().path("filtered").path(rule).valueStream().map(JsonNode::asString))
        .contains(iad)
        .doesNotContain(fra, dub);
    assertThat(placement.at("/summary")).containsPattern("\\d+ " + rule);
  }

  @Test
  void aNamespaceWhoseOnlySetIsDeletedUsesNoClusterAndSaysWhy() {
    bind(eu);
    workload(namespace, "db", 2, placement(""));
    schedule();

    assertThat(api.delete("/api/v1/clustersets/" + eu).status()).isEqualTo(200);
    schedule();

    JsonNode scheduled = workloadStatus(namespace, "db").json().at("/status/conditions/0");
    assertThat(scheduled.path("status").asString()).isEqualTo("False");
    assertThat(scheduled.path("message").asString())
        .contains("not in a cluster set bound to namespace " + namespace);
  }

  @Test
  void namespacesWithoutBindingsStillUseEveryCluster() {
    String free = run + "-free";
    workload(free, "web", 3, placement(""));

    schedule();

    assertThat(replicas(free, "web")).containsExactly(Map.entry(iad, 3));
  }

  @Test
  void theSimulationAppliesTheNamespacesFence() {
    bind(eu);
    String request =
        """
        {"workload": {"metadata": {"name": "what-if", "namespace": "%s"},
                      "spec": {"replicas": 4, "template": {"apiVersion": "v1", "kind": "ConfigMap"},
                               "placement": %s}}}
        """
            .formatted(namespace, placement(""));

    Response simulated = api.post("/api/v1/placement:simulate", request);

    assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
    assertThat(simulated.json().path("replicas").propertyNames()).isSubsetOf(fra, dub);
    JsonNode verdict =
        simulated
            .json()
            .path("clusters")
            .valueStream()
            .filter(c -> c.path("cluster").asString().equals(iad))
            .findFirst()
            .orElseThrow();
    assertThat(verdict.path("candidate").asBoolean()).isFalse();
    assertThat(verdict.path("reason").asString())
        .isEqualTo("not in a cluster set bound to namespace " + namespace);
  }

  /** A cluster set of this test's clusters in these regions. */
  private String set(String name, String... regions) {
    Response created =
        api.post(
            "/api/v1/clustersets",
            """
            {"metadata": {"name": "%s"},
             "spec": {"clusterSelector": {"matchLabels": {"test-run": "%s"},
                      "matchExpressions": [{"key": "topology.kubernetes.io/region",
                                            "operator": "In", "values": ["%s"]}]}}}
            """
                .formatted(name, run, String.join("\", \"", regions)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return name;
  }

  private void bind(String set) {
    Response created =
        api.post("/api/v1/namespaces/" + namespace + "/clustersetbindings", clusterSetBinding(set));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private void unbind(String set) {
    Response deleted = api.delete("/api/v1/namespaces/" + namespace + "/clustersetbindings/" + set);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
  }

  private static int sum(Map<String, Integer> replicas) {
    return replicas.values().stream().mapToInt(Integer::intValue).sum();
  }
}
