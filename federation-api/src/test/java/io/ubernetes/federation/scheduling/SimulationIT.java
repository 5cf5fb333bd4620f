package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulationIT extends SchedulingIntegrationTest {

  @Test
  void answersWhatIfWithEveryClusterExplainedAndStoresNothing() {
    cluster(run + "-fra", "eu-central", "onprem", 8, 0.01);
    cluster(run + "-dub", "eu-west", "cloud", 8, 0.03);
    String request =
        """
        {"workload": {"metadata": {"name": "%s-what-if", "namespace": "shop"},
                      "spec": {"replicas": 4, "template": %s, "placement": %s}},
         "failedClusters": ["%s-fra"]}
        """
            .formatted(run, template("500m"), placement(""), run);

    Response simulated = api.post("/api/v1/placement:simulate", request);

    assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
    JsonNode decision = simulated.json();
    assertThat(decision.at("/replicas/" + run + "-dub").asInt()).isEqualTo(4);
    assertThat(decision.path("replicas").has(run + "-fra")).isFalse();
    JsonNode fra = verdict(decision, run + "-fra");
    assertThat(fra.path("candidate").asBoolean()).isFalse();
    assertThat(fra.path("reason").asString()).startsWith("failed");
    assertThat(decision.path("clusters").size())
        .as("every registered cluster")
        .isGreaterThanOrEqualTo(2);
    assertThat(api.get("/api/v1/namespaces/shop/workloads/" + run + "-what-if").status())
        .isEqualTo(404);
  }

  @Test
  void usesInlineClustersInsteadOfTheRegisteredOnes() {
    String request =
        """
        {"workload": {"spec": {"replicas": 3, "template": %s,
                               "placement": {"preferences": [{"weight": 100, "selector": {"matchLabels": {"ubernetes.io/tier": "onprem"}}}]}}},
         "clusters": [
           {"metadata": {"name": "lab-onprem"}, "spec": {"region": "eu-central", "tier": "onprem"},
            "status": {"allocatable": {"cpu": "4", "memory": "16Gi", "pods": "110"}}},
           {"metadata": {"name": "lab-cloud"}, "spec": {"region": "eu-central", "tier": "cloud"},
            "status": {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"}}}]}
        """
            .formatted(template("1"));

    Response simulated = api.post("/api/v1/placement:simulate", request);

    assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
    assertThat(simulated.at("/replicas/lab-onprem")).isEqualTo("3");
    assertThat(simulated.json().path("clusters").size()).isEqualTo(2);
    assertThat(simulated.at("/outcome")).isEqualTo("PLACED");
  }

  @Test
  void refusesAnInvalidQuestionNamingTheFields() {
    String request =
        """
        {"workload": {"spec": {"replicas": -1, "template": %s}},
         "failedClusters": ["no-such-cluster"]}
        """
            .formatted(template("500m"));

    Response refused = api.post("/api/v1/placement:simulate", request);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.errorFields()).contains("workload.spec.replicas", "failedClusters[0]");
  }

  private static JsonNode verdict(JsonNode decision, String cluster) {
    return decision
        .path("clusters")
        .valueStream()
        .filter(v -> v.path("cluster").asString().equals(cluster))
        .findFirst()
        .orElseThrow();
  }

  private static String template(String cpu) {
    return """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "spec": {"selector": {"matchLabels": {"app": "x"}},
                  "template": {"metadata": {"labels": {"app": "x"}},
                               "spec": {"containers": [{"name": "x", "image": "nginx",
                                        "resources": {"requests": {"cpu": "%s", "memory": "1Gi"}}}]}}}}
        """
        .formatted(cpu);
  }
}
