package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting, failing, recovering and closing a simulated cluster. */
class ClusterLifecycleIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static long ready(KubernetesClient client, String app) {
    return client.pods().inNamespace("apps").withLabel("app", app).list().getItems().stream()
        .filter(Pods::ready)
        .count();
  }

  @Test
  void startsWithReadyNodesThatCarryTheirLocationProviderAndCapacity() {
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("nodes", 3))) {
      List<Node> nodes = cluster.client().nodes().list().getItems();

      assertThat(nodes.stream().map(n -> n.getMetadata().getName()))
          .containsExactlyInAnyOrder("node-1", "node-2", "node-3");
      Node node = cluster.client().nodes().withName("node-2").get();
      assertThat(node.getMetadata().getLabels())
          .containsEntry("topology.kubernetes.io/region", "eu-west")
          .containsEntry("topology.kubernetes.io/zone", "eu-west-1a")
          .containsEntry("kubernetes.io/hostname", "node-2");
      assertThat(node.getSpec().getProviderID()).isEqualTo("aws:///eu-west-1a/node-2");
      assertThat(node.getStatus().getAllocatable())
          .containsEntry("cpu", new Quantity("4"))
          .containsEntry("memory", new Quantity("8Gi"))
          .containsEntry("pods", new Quantity("110"));
      assertThat(node.getStatus().getConditions())
          .anySatisfy(
              c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
              });
      assertThat(cluster.apiServerUrl().toString())
          .isEqualTo("http://127.0.0.1:" + cluster.apiServerUrl().getPort());
      assertThat(cluster.name()).isEqualTo("nodes");
      assertThat(cluster.state())
          .isEqualTo(new SimulatedCluster.State(SimulatedCluster.State.Status.UP, 3, 0, 0));
      assertThat(cluster.client().getKubernetesVersion().getGitVersion()).isEqualTo("v1.31.2");
    }
  }

  @Test
  void aFailedApiServerRefusesConnectionsKeepsItsObjectsAndTheSimulationResumesAgainAndAgain() {
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("outage", 2))) {
      KubernetesClient agent = cluster.newClient();
      cluster.client().resource(deployment("apps", "web", 1, "100m")).create();
      await().atMost(PATIENCE).until(() -> ready(agent, "web") == 1);

      for (int replicas = 2; replicas <= 3; replicas++) {
        Set<String> before = podNames(agent);
        cluster.fail();

        assertThat(cluster.failed()).isTrue();
        assertThat(cluster.state().status()).isEqualTo(SimulatedCluster.State.Status.FAILED);
        assertThatThrownBy(() -> agent.pods().inNamespace("apps").list())
            .isInstanceOf(KubernetesClientException.class);
        cluster.setCapacity("4", "8Gi", 110);

        cluster.recover();

        assertThat(cluster.failed()).isFalse();
        assertThat(podNames(agent)).isEqualTo(before);
        agent.apps().deployments().inNamespace("apps").withName("web").scale(replicas);
        int wanted = replicas;
        await().atMost(PATIENCE).until(() -> ready(agent, "web") == wanted);
        assertThat(cluster.state().status()).isEqualTo(SimulatedCluster.State.Status.UP);
      }
    }
  }

  /**
   * A test's look into a member rides out a moment in which the member does not answer (on a busy
   * machine, a stall or a connection the server dropped), where an agent's client fails at once.
   */
  @Test
  void theInspectionClientWaitsOutAShortOutageThatAnAgentsClientReportsAtOnce() throws Exception {
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("blip", 1))) {
      cluster.client().resource(deployment("apps", "web", 1, "100m")).create();
      KubernetesClient agent = cluster.newClient();
      cluster.fail();
      assertThatThrownBy(() -> agent.apps().deployments().inNamespace("apps").withName("web").get())
          .isInstanceOf(KubernetesClientException.class);

      // The cluster answers again once the look has begun and waits: its first try was refused.
      Thread looking = Thread.currentThread();
      Thread recovery =
          Thread.ofVirtual()
              .start(
                  () -> {
                    await()
                        .atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> waiting(looking));
                    cluster.recover();
                  });
      try {
        assertThat(
                cluster
                    .client()
                    .apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("web")
                    .get()
                    .getSpec()
                    .getReplicas())
            .isEqualTo(1);
      } finally {
        recovery.join();
      }
    }
  }

  private static boolean waiting(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  @Test
  void aCapacityChangeWhileFailedAppliesOnRecovery() {
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("resize", 1))) {
      cluster.fail();
      cluster.setCapacity("32", "128Gi", 250);
      cluster.recover();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(
                          cluster
                              .client()
                              .nodes()
                              .withName("node-1")
                              .get()
                              .getStatus()
                              .getAllocatable())
                      .containsEntry("cpu", new Quantity("32"))
                      .containsEntry("pods", new Quantity("250")));
    }
  }

  @Test
  void aNodeSomeoneDeletesOrChangesComesBackAsDefined() {
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("tamper", 2))) {
      KubernetesClient client = cluster.client();
      client.nodes().withName("node-1").delete();
      client
          .nodes()
          .withName("node-2")
          .edit(
              node -> {
                node.getMetadata().getLabels().put("topology.kubernetes.io/zone", "elsewhere");
                node.getStatus().getAllocatable().put("cpu", new Quantity("1"));
                return node;
              });

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                Node restored = client.nodes().withName("node-1").get();
                assertThat(restored).isNotNull();
                assertThat(restored.getMetadata().getLabels())
                    .containsEntry("topology.kubernetes.io/zone", "eu-west-1a");
                Node repaired = client.nodes().withName("node-2").get();
                assertThat(repaired.getMetadata().getLabels())
                    .containsEntry("topology.kubernetes.io/zone", "eu-west-1a");
                assertThat(repaired.getStatus().getAllocatable())
                    .containsEntry("cpu", new Quantity("4"));
              });
    }
  }

  @Test
  void closingFreesThePortAndStopsEveryThreadItStarted() throws IOException {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    SimulatedCluster cluster = SimulatedCluster.start(cluster("closing", 2));
    int port = cluster.apiServerUrl().getPort();
    KubernetesClient agent = cluster.newClient();
    agent.resource(deployment("apps", "web", 2, "100m")).create();
    await().atMost(PATIENCE).until(() -> ready(agent, "web") == 2);
    // A watch left open, as an agent's informers are.
    agent.pods().inNamespace("apps").inform();

    cluster.close();

    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    // The test's own client, whose informer retries against the closed port from threads of its
    // own, is not the cluster's to stop.
    agent.close();
    await()
        .atMost(PATIENCE)
        .pollInSameThread()
        .untilAsserted(
            () ->
                assertThat(
                        Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> !before.contains(t))
                            .filter(Thread::isAlive)
                            // The JVM's shared pool, not the cluster's.
                            .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
                            .map(Thread::getName)
                            .collect(Collectors.toList()))
                    .isEmpty());
  }

  private static Set<String> podNames(KubernetesClient client) {
    return client.pods().inNamespace("apps").list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }
}
