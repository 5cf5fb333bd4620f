package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.ubernetes.FederationApplication;
import io.ubernetes.agent.AgentConfig;
import io.ubernetes.sandbox.cluster.SimulatedCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The real federation service (its own Spring context on a fixed loopback port, so it can be
 * stopped and started again) and the default four simulated clusters with their agents, all with
 * timers scaled down: heartbeats every 300 ms, silence after 3 s, failover after 2 s more; a
 * recovered cluster is held back from new replicas for longer than any test.
 */
final class FleetHarness implements AutoCloseable {
  static final String TOKEN = "e2e-join-token";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final Path data;
  private final int port;
  private ConfigurableApplicationContext federation;
  private final Sandbox sandbox;
  final Http api;

  FleetHarness(Path data) {
    this.data = data;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    api = new Http(url());
    startFederation();
    sandbox =
        Sandbox.start(ClusterFleet.defaults(Duration.ofMillis(300)), url(), TOKEN, agentTimings());
    for (Sandbox.ClusterView cluster : sandbox.clusters()) {
      awaitReady(cluster.name(), "True");
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Sandbox sandbox() {
    return sandbox;
  }

  void startFederation() {
    federation =
        new SpringApplicationBuilder(FederationApplication.class)
            .properties("ubernetes.sandbox.enabled=false")
            .run(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.data-directory=" + data.resolve("postgres"),
                "--ubernetes.agents.join-token=" + TOKEN,
                "--ubernetes.agents.long-poll-timeout=5s",
                "--ubernetes.agents.heartbeat-timeout=3s",
                "--ubernetes.agents.health-check-interval=250ms",
                "--ubernetes.scheduler.interval=500ms",
                "--ubernetes.scheduler.failover-grace-period=2s",
                // Longer than a test: a recovered cluster takes nothing new while tests look.
                "--ubernetes.scheduler.recovery-hold-down=5m",
                "--logging.level.io.ubernetes=warn");
  }

  void stopFederation() {
    federation.close();
  }

  /** Production behaviour, shorter clocks. */
  private static AgentConfig.Timings agentTimings() {
    return new AgentConfig.Timings(
        Duration.ofMillis(300), // heartbeat
        Duration.ofSeconds(5), // refused joins
        Duration.ofSeconds(10), // work long-poll
        Duration.ofSeconds(2), // other calls
        Duration.ofMillis(100), // between polls
        Duration.ofMillis(100), // first backoff
        Duration.ofSeconds(1), // longest backoff
        2, // attempts per call
        Duration.ofSeconds(1), // circuit open
        Duration.ofSeconds(30), // resync
        Duration.ofMillis(100)); // status debounce
  }

  SimulatedCluster cluster(String name) {
    return sandbox.member(name);
  }

  /** Replicas of a workload's Deployment in a simulated cluster (0 when it has none). */
  int replicas(String cluster, String namespace, String name) {
    Deployment deployment = deployment(cluster, namespace, name);
    return deployment == null
        ? 0
        : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 0);
  }

  Deployment deployment(String cluster, String namespace, String name) {
    return cluster(cluster)
        .client()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Where the federation placed a workload: replicas per cluster. */
  Map<String, Integer> placement(String namespace, String name) {
    Map<String, Integer> placed = new TreeMap<>();
    JsonNode workload = api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name).json();
    for (JsonNode cluster : workload.at("/status/clusters")) {
      placed.put(cluster.path("name").asString(), cluster.path("replicas").asInt());
    }
    return placed;
  }

  JsonNode status(String namespace, String name) {
    return api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name).json().path("status");
  }

  void awaitReady(String cluster, String status) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        condition(
                            api.get("/api/v1/clusters/" + cluster).json().path("status"), "Ready"))
                    .isEqualTo(status));
  }

  static String condition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asString())) {
        return condition.path("status").asString();
      }
    }
    return null;
  }

  /** A Deployment workload of {@code replicas} × (500m, 512Mi) with this placement. */
  static String workload(String name, int replicas, String placement) {
    return workload(name, replicas, placement, "{}");
  }

  /** The same with a rollout of its own. */
  static String workload(String name, int replicas, String placement, String rollout) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}}}]}}}},
                  "placement": %s,
                  "rollout": %s}}
        """
        .formatted(name, replicas, name, name, placement, rollout);
  }

  /** Ready replicas of a workload's Deployment in a simulated cluster (0 when it has none). */
  int ready(String cluster, String namespace, String name) {
    Deployment deployment = deployment(cluster, namespace, name);
    return deployment == null || deployment.getStatus() == null
        ? 0
        : Objects.requireNonNullElse(deployment.getStatus().getReadyReplicas(), 0);
  }

  static final String EU_ONLY =
      """
      {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
        "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]}}
      """;

  @Override
  public void close() {
    sandbox.close();
    if (federation != null && federation.isActive()) {
      federation.close();
    }
  }
}
