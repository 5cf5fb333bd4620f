package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static io.ubernetes.sandbox.cluster.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Before its start delay is over, a scheduled pod has its node and address but is not ready; with a
 * start delay of an hour, that is what every pod of this test looks like.
 */
class StartDelayIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void scheduledPodsHaveAddressesInOrderButAreNotReadyBeforeTheStartDelay() {
    ClusterDefinition slow =
        new ClusterDefinition(
            "slow",
            "eu-north",
            "eu-north-1b",
            "gcp",
            "cloud",
            2,
            "4",
            "8Gi",
            110,
            "10.40.0.0/20",
            "198.18.0.0/24",
            Duration.ofHours(1),
            null,
            null);
    try (SimulatedCluster cluster = SimulatedCluster.start(slow)) {
      KubernetesClient client = cluster.client();
      client.resource(deployment("apps", "web", 2, "100m")).create();
      client.resource(service("apps", "web", "web", "ClusterIP")).create();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                List<Pod> pods = client.pods().inNamespace("apps").list().getItems();
                assertThat(pods.stream().map(p -> p.getStatus().getPodIP()))
                    .containsExactlyInAnyOrder("10.40.0.1", "10.40.0.2");
                List<EndpointSlice> slices =
                    client.discovery().v1().endpointSlices().inNamespace("apps").list().getItems();
                assertThat(slices)
                    .singleElement()
                    .satisfies(s -> assertThat(s.getEndpoints()).hasSize(2));
                DeploymentStatus status =
                    client
                        .apps()
                        .deployments()
                        .inNamespace("apps")
                        .withName("web")
                        .get()
                        .getStatus();
                assertThat(status.getReplicas()).isEqualTo(2);
              });

      List<Pod> pods = client.pods().inNamespace("apps").list().getItems();
      assertThat(pods)
          .allSatisfy(
              pod -> {
                assertThat(pod.getSpec().getNodeName()).isEqualTo("node-1");
                assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                assertThat(Pods.ready(pod)).isFalse();
                assertThat(Pods.condition(pod, "PodScheduled").orElseThrow().getStatus())
                    .isEqualTo("True");
              });
      assertThat(
              client
                  .discovery()
                  .v1()
                  .endpointSlices()
                  .inNamespace("apps")
                  .list()
                  .getItems()
                  .get(0)
                  .getEndpoints())
          .allSatisfy(endpoint -> assertThat(endpoint.getConditions().getReady()).isFalse());
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace("apps")
                  .withName("web")
                  .get()
                  .getStatus()
                  .getReadyReplicas())
          .isZero();
      assertThat(cluster.state())
          .isEqualTo(new SimulatedCluster.State(SimulatedCluster.State.Status.UP, 2, 0, 2));
    }
  }
}
