package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** First-fit placement on two nodes of 4 cores: pending pods, capacity changes, freed room. */
class SchedulingIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start(cluster("scheduling", 2));
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace("apps").withLabel("app", app).list().getItems();
  }

  private Map<String, Long> perNode(String app) {
    return pods(app).stream()
        .filter(Pods::scheduled)
        .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
  }

  private static long ready(List<Pod> pods) {
    return pods.stream().filter(Pods::ready).count();
  }

  @Test
  void podsGoToTheFirstNodeWithRoom() {
    client.resource(deployment("apps", "web", 3, "1500m")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(perNode("web")).isEqualTo(Map.of("node-1", 2L, "node-2", 1L)));
  }

  @Test
  void replicasThatDoNotFitStayPendingUntilTheCapacityIsRaised() {
    client.resource(deployment("apps", "big", 4, "3")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Pod> pods = pods("big");
              assertThat(ready(pods)).isEqualTo(2);
              assertThat(pods.stream().filter(p -> !Pods.scheduled(p)))
                  .hasSize(2)
                  .allSatisfy(
                      pod -> {
                        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                        assertThat(Pods.ready(pod)).isFalse();
                        assertThat(Pods.condition(pod, "PodScheduled"))
                            .hasValueSatisfying(
                                c -> {
                                  assertThat(c.getStatus()).isEqualTo("False");
                                  assertThat(c.getReason()).isEqualTo("Unschedulable");
                                  assertThat(c.getMessage())
                                      .isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
                                });
                      });
              assertThat(cluster.state())
                  .isEqualTo(new SimulatedCluster.State(SimulatedCluster.State.Status.UP, 2, 2, 2));
              // The Deployment's status follows its pods one pass later.
              assertThat(
                      client
                          .apps()
                          .deployments()
                          .inNamespace("apps")
                          .withName("big")
                          .get()
                          .getStatus()
                          .getReadyReplicas())
                  .isEqualTo(2);
            });

    cluster.setCapacity("8", "16Gi", 110);

    assertThat(cluster.definition().cpuPerNode()).isEqualTo("8");
    assertThat(client.nodes().list().getItems())
        .allSatisfy(
            node ->
                assertThat(node.getStatus().getAllocatable())
                    .containsEntry("cpu", new Quantity("8"))
                    .containsEntry("memory", new Quantity("16Gi")));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(ready(pods("big"))).isEqualTo(4);
              assertThat(
                      client
                          .apps()
                          .deployments()
                          .inNamespace("apps")
                          .withName("big")
                          .get()
                          .getStatus()
                          .getReadyReplicas())
                  .isEqualTo(4);
            });
  }

  @Test
  void scalingDownRemovesPendingPodsBeforeRunningOnes() {
    client.resource(deployment("apps", "big", 4, "3")).create();
    await().atMost(PATIENCE).until(() -> ready(pods("big")) == 2 && pods("big").size() == 4);
    List<String> running =
        pods("big").stream().filter(Pods::scheduled).map(p -> p.getMetadata().getName()).toList();

    client.apps().deployments().inNamespace("apps").withName("big").scale(2);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pods("big").stream().map(p -> p.getMetadata().getName()))
                    .containsExactlyInAnyOrderElementsOf(running));
  }

  @Test
  void loweringTheCapacityEvictsNothingButNewPodsWait() {
    client.resource(deployment("apps", "web", 2, "2")).create();
    await().atMost(PATIENCE).until(() -> ready(pods("web")) == 2);

    cluster.setCapacity("1", "8Gi", 110);
    client.resource(deployment("apps", "late", 1, "2")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(Pods.condition(pods("late").get(0), "PodScheduled"))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Unschedulable")));
    assertThat(ready(pods("web"))).isEqualTo(2);
    assertThat(client.nodes().withName("node-1").get().getStatus().getAllocatable())
        .containsEntry("cpu", new Quantity("1"));
  }

  @Test
  void deletedPodsMakeRoomForPendingOnes() {
    client.resource(deployment("apps", "first", 2, "3")).create();
    await().atMost(PATIENCE).until(() -> ready(pods("first")) == 2);
    client.resource(deployment("apps", "second", 1, "3")).create();
    await().atMost(PATIENCE).until(() -> pods("second").size() == 1);
    assertThat(Pods.scheduled(pods("second").get(0))).isFalse();

    client.apps().deployments().inNamespace("apps").withName("first").delete();

    await().atMost(PATIENCE).until(() -> ready(pods("second")) == 1);
  }

  @Test
  void podsBoundByOthersRunAndTheirRequestsCount() {
    Pod bare =
        new PodBuilder()
            .withNewMetadata()
            .withName("bare")
            .withNamespace("apps")
            .addToLabels("app", "bare")
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-1")
            .addNewContainer()
            .withName("bare")
            .withImage("busybox:1.37")
            .withNewResources()
            .addToRequests("cpu", new Quantity("4"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    client.resource(bare).create();
    await().atMost(PATIENCE).until(() -> ready(pods("bare")) == 1);

    client.resource(deployment("apps", "web", 1, "1")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(perNode("web")).isEqualTo(Map.of("node-2", 1L)));
    Node node1 = client.nodes().withName("node-1").get();
    assertThat(node1.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("4"));
  }
}
