package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static io.ubernetes.sandbox.cluster.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated cluster with a state directory: its objects outlive it, and the next start restores
 * them before its API server answers, as a real cluster's objects outlive a control plane restart.
 */
class ClusterRestartIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path data;

  @Test
  void aStoppedClusterStartsAgainWithTheSameObjectsUidsVersionsPortAndRunningPods() {
    ClusterStates states = ClusterStates.in(data.resolve("clusters"));
    Map<String, String> before;
    String port;
    String ingress;
    List<String> runningBefore;
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("keep", 2), states, false)) {
      KubernetesClient client = cluster.client();
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
          .create();
      client
          .secrets()
          .inNamespace("apps")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("credentials")
                  .endMetadata()
                  .addToData("credential", "c2VjcmV0")
                  .build())
          .create();
      client.resource(deployment("apps", "web", 3, "100m")).create();
      client.resource(service("apps", "web", "web", "LoadBalancer")).create();
      // Settled: the Deployment's status and the EndpointSlice count the ready pods.
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  running(client).size() == 3
                      && ingress(client) != null
                      && readyReplicas(client) == 3
                      && readyEndpoints(client) == 3);
      before = versions(client);
      port = cluster.apiServerUrl().toString();
      ingress = ingress(client);
      runningBefore = running(client);
    }
    assertThat(data.resolve("clusters/keep/state.json")).isRegularFile();

    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("keep", 2), states, false)) {
      KubernetesClient client = cluster.client();

      assertThat(cluster.apiServerUrl().toString()).isEqualTo(port);
      assertThat(running(client)).as("the same pods, running").isEqualTo(runningBefore);
      assertThat(ingress(client)).isEqualTo(ingress);
      assertThat(client.secrets().inNamespace("apps").withName("credentials").get().getData())
          .containsEntry("credential", "c2VjcmV0");
      // Nothing was written again: the simulation found everything as it had left it.
      assertThat(versions(client)).isEqualTo(before);
      long newest = before.values().stream().mapToLong(Long::parseLong).max().orElseThrow();
      HasMetadata created =
          client
              .configMaps()
              .inNamespace("apps")
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("after")
                      .endMetadata()
                      .addToData("a", "b")
                      .build())
              .create();
      assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isGreaterThan(newest);
    }
  }

  @Test
  void itsStateFileFollowsItsObjectsWhileItRuns() {
    ClusterStates states = ClusterStates.in(data.resolve("clusters"));
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("current", 1), states, true)) {
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("written")
                  .endMetadata()
                  .addToData("a", "b")
                  .build())
          .create();

      // Without a stop: what a killed process would leave behind.
      await()
          .atMost(PATIENCE)
          .ignoreExceptionsInstanceOf(NoSuchFileException.class)
          .untilAsserted(
              () ->
                  assertThat(Files.readString(data.resolve("clusters/current/state.json")))
                      .contains("\"path\": \"/api/v1/namespaces/default/configmaps/written\""));
      SavedCluster saved = states.load("current").orElseThrow();
      assertThat(saved.addedAtRunTime()).isTrue();
      assertThat(saved.apiServerPort()).isEqualTo(cluster.apiServerUrl().getPort());
      assertThat(saved.definition()).isEqualTo(cluster("current", 1));
    }
  }

  @Test
  void newObjectsGetUidsNoneOfTheRestoredOnesHas() throws IOException {
    // The mock numbers uids from a counter that starts at 0 in every process: a state saved by
    // a process that got far is what a restarted sandbox reads.
    long far = Utils.generateId().getLeastSignificantBits() + 1_000_000;
    String uid = new UUID(0, far).toString();
    Path file = Files.createDirectories(data.resolve("clusters/numbered")).resolve("state.json");
    Files.writeString(
        file,
        """
        {"format": "ubernetes.io/simulated-cluster/v1", "savedAt": "2026-12-06T12:00:00Z",
         "apiServerPort": 0, "resourceVersion": 5,
         "definition": {"name": "numbered", "region": "eu-west", "zone": "eu-west-1a",
           "provider": "aws", "tier": "cloud", "nodes": 1, "cpuPerNode": "4",
           "memoryPerNode": "8Gi", "podsPerNode": 110, "podCidr": "10.12.0.0/16",
           "loadBalancerCidr": "203.0.113.0/24", "startDelay": "PT0.3S"},
         "objects": [
           {"path": "/api/v1/namespaces/default/configmaps/old", "object": {"apiVersion": "v1",
            "kind": "ConfigMap", "metadata": {"name": "old", "namespace": "default",
            "uid": "%s", "resourceVersion": "5"}, "data": {"a": "b"}}}
         ]}
        """
            .formatted(uid));

    try (SimulatedCluster cluster =
        SimulatedCluster.start(
            cluster("numbered", 1), ClusterStates.in(data.resolve("clusters")), false)) {
      HasMetadata created =
          cluster
              .client()
              .configMaps()
              .inNamespace("default")
              .resource(
                  new ConfigMapBuilder().withNewMetadata().withName("new").endMetadata().build())
              .create();

      assertThat(cluster.client().configMaps().inNamespace("default").withName("old").get())
          .extracting(c -> c.getMetadata().getUid())
          .isEqualTo(uid);
      assertThat(UUID.fromString(created.getMetadata().getUid()).getLeastSignificantBits())
          .isGreaterThan(far);
    }
  }

  @Test
  void aTakenPortMakesItListenOnAnotherWithTheSameObjects() throws IOException {
    ClusterStates states = ClusterStates.in(data.resolve("clusters"));
    int port;
    try (SimulatedCluster cluster = SimulatedCluster.start(cluster("moved", 1), states, false)) {
      port = cluster.apiServerUrl().getPort();
    }
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        SimulatedCluster cluster = SimulatedCluster.start(cluster("moved", 1), states, false)) {
      assertThat(cluster.apiServerUrl().getPort()).isNotEqualTo(taken.getLocalPort());
      assertThat(cluster.client().nodes().withName("node-1").get()).isNotNull();
    }
  }

  @Test
  void aStateFileThatCannotBeReadStopsTheStartNamingTheFileAndWhatIsWrong() throws IOException {
    ClusterStates states = ClusterStates.in(data.resolve("clusters"));
    Path file = Files.createDirectories(data.resolve("clusters/broken")).resolve("state.json");
    Files.writeString(file, "{\n  \"format\": \"ubernetes.io/simulated-cluster/v1\",\n  oops\n}\n");

    assertThatThrownBy(() -> SimulatedCluster.start(cluster("broken", 1), states, false))
        .isInstanceOfSatisfying(
            UnreadableStateException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.cluster()).isEqualTo("broken");
              assertThat(e.reason()).startsWith("line 3, column 3: ");
              assertThat(e.getMessage()).contains(file.toString());
            });
    assertThat(Files.readString(file)).contains("oops");
  }

  /** Each object's resourceVersion, by kind, namespace and name. */
  private static Map<String, String> versions(KubernetesClient client) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.nodes().list().getItems());
    all.addAll(client.namespaces().list().getItems());
    all.addAll(client.secrets().inAnyNamespace().list().getItems());
    all.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    all.addAll(client.pods().inAnyNamespace().list().getItems());
    all.addAll(client.services().inAnyNamespace().list().getItems());
    all.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
    Map<String, String> versions = new TreeMap<>();
    for (HasMetadata object : all) {
      versions.put(
          object.getKind()
              + " "
              + object.getMetadata().getNamespace()
              + "/"
              + object.getMetadata().getName()
              + " "
              + object.getMetadata().getUid(),
          object.getMetadata().getResourceVersion());
    }
    return versions;
  }

  /** Running and ready pods, as name and uid. */
  private static List<String> running(KubernetesClient client) {
    List<String> running = new ArrayList<>();
    for (Pod pod : client.pods().inNamespace("apps").list().getItems()) {
      if ("Running".equals(Pods.phase(pod)) && Pods.ready(pod)) {
        running.add(pod.getMetadata().getName() + " " + pod.getMetadata().getUid());
      }
    }
    running.sort(null);
    return running;
  }

  private static int readyReplicas(KubernetesClient client) {
    var deployment = client.apps().deployments().inNamespace("apps").withName("web").get();
    return deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
        ? 0
        : deployment.getStatus().getReadyReplicas();
  }

  private static long readyEndpoints(KubernetesClient client) {
    return client.discovery().v1().endpointSlices().inNamespace("apps").list().getItems().stream()
        .flatMap(slice -> slice.getEndpoints().stream())
        .filter(endpoint -> Boolean.TRUE.equals(endpoint.getConditions().getReady()))
        .count();
  }

  private static String ingress(KubernetesClient client) {
    var service = client.services().inNamespace("apps").withName("web").get();
    return service.getStatus() == null
            || service.getStatus().getLoadBalancer() == null
            || service.getStatus().getLoadBalancer().getIngress() == null
        ? null
        : service.getStatus().getLoadBalancer().getIngress().getFirst().getIp();
  }
}
