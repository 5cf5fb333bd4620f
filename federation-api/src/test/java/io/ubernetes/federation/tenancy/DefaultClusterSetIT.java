package io.ubernetes.federation.tenancy;

import static io.ubernetes.federation.testing.Manifests.clusterSetBinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code ubernetes.tenancy.default-cluster-set} names a set: namespaces without bindings use its
 * clusters, none while it does not exist; namespaces with bindings use theirs. (Unset, every
 * cluster: the other scheduling tests run so.) A context of its own, for the property.
 */
@TestPropertySource(properties = "ubernetes.tenancy.default-cluster-set=" + DefaultClusterSetIT.SET)
class DefaultClusterSetIT extends SchedulingIntegrationTest {
  static final String SET = "tenants-default";

  @Test
  void namespacesWithoutBindingsUseTheDefaultSetAndNoClusterWhileItIsMissing() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.05);
    String iad = cluster(run + "-iad", "us-east", "cloud", 64, 0.001);
    String us = run + "-us";
    set(us, "us-east");
    Response bound =
        api.post("/api/v1/namespaces/" + run + "-bound/clustersetbindings", clusterSetBinding(us));
    assertThat(bound.status()).as(bound.body()).isEqualTo(201);
    workload(run + "-free", "web", 2, placement(""));
    workload(run + "-bound", "web", 2, placement(""));

    schedule();
    JsonNode waiting = workloadStatus(run + "-free", "web").json().at("/status/conditions/0");
    Map<String, Integer> boundPlaced = replicas(run + "-bound", "web");

    set(SET, "eu-central");
    schedule();
    Map<String, Integer> freePlaced = replicas(run + "-free", "web");

    assertThat(waiting.path("status").asString())
        .as("the default set does not exist yet")
        .isEqualTo("False");
    assertThat(waiting.path("message").asString())
        .contains("not in the default cluster set " + SET);
    assertThat(boundPlaced)
        .as("a bound namespace uses its own sets")
        .containsExactly(Map.entry(iad, 2));
    assertThat(freePlaced).as("the default set's clusters").containsExactly(Map.entry(fra, 2));
  }

  private void set(String name, String region) {
    Response created =
        api.post(
            "/api/v1/clustersets",
            """
            {"metadata": {"name": "%s"},
             "spec": {"clusterSelector": {"matchLabels": {"test-run": "%s",
                      "topology.kubernetes.io/region": "%s"}}}}
            """
                .formatted(name, run, region));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }
}
