package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.ubernetes.agent.AgentConfig;
import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.discovery.EmbeddedDnsServer;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.ClusterStates;
import io.ubernetes.sandbox.cluster.SimulatedCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The real federation service on a fixed loopback port and simulated clusters with their agents,
 * all with timers scaled down: heartbeats every 300 ms, silence after 3 s, failover after 2 s more;
 * a recovered cluster is held back from new replicas for longer than any test. (In the sandbox
 * application the agents' other timings are the sandbox's own.)
 *
 * <p>Two shapes: the federation in a Spring context of its own beside the default four clusters, so
 * that it can be stopped and started again ({@link #FleetHarness(Path)}); or the sandbox as its run
 * command starts it, one context with the federation, its DNS server, the clusters of a fleet file
 * and the control API ({@link #sandboxApplication}).
 */
final class FleetHarness implements AutoCloseable {
  static final String TOKEN = "e2e-join-token";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final int port;
  private final Path data;
  private final Map<String, String> overrides;
  private final Map<String, String> settings;
  private final boolean oneProcess;
  private ConfigurableApplicationContext federation;
  private final Sandbox sandbox;
  final Http api;

  /** The federation in a context of its own and the default four clusters beside it. */
  FleetHarness(Path data) {
    this(data, null, Map.of(), 0);
  }

  /** The same, with these settings of the federation replacing the harness's or added to them. */
  FleetHarness(Path data, Map<String, String> overrides) {
    this(data, null, overrides, 0);
  }

  /**
   * The sandbox application with the clusters of {@code fleet} (a YAML file, as {@code --config}
   * takes it); {@code overrides} replace the harness's settings or add to them. The control API
   * answers on the federation's port ({@link #api}), the DNS server on a free one ({@link #dns}).
   */
  static FleetHarness sandboxApplication(Path data, Path fleet, Map<String, String> overrides) {
    return new FleetHarness(data, fleet, overrides, 0);
  }

  /**
   * The sandbox application started again, once this one is {@linkplain #close closed} (federation,
   * agents, clusters and database stopped as Ctrl-C stops them), on the same data directory and
   * port with the clusters of {@code fleet}.
   */
  FleetHarness startAgain(Path fleet) {
    if (!oneProcess || federation.isActive()) {
      throw new IllegalStateException("only a closed sandbox application starts again");
    }
    return new FleetHarness(data, fleet, overrides, port);
  }

  private FleetHarness(Path data, Path fleet, Map<String, String> overrides, int reusedPort) {
    if (reusedPort > 0) {
      port = reusedPort;
    } else {
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    this.data = data;
    this.overrides = Map.copyOf(overrides);
    oneProcess = fleet != null;
    settings = settings(data, fleet, overrides);
    api = new Http(url());
    startFederation();
    Sandbox started = null;
    try {
      if (oneProcess) {
        started =
            federation
                .getBean(SandboxRunner.class)
                .sandbox(PATIENCE)
                .orElseThrow(() -> new IllegalStateException("the sandbox did not start"));
      } else {
        AddressRanges ranges = new AddressRanges();
        ClusterStates states = ClusterStates.in(data.resolve("clusters"));
        started =
            Sandbox.start(
                FleetPlan.of(ClusterFleet.defaults(Duration.ofMillis(300)), states.load(), ranges),
                ranges,
                new Sandbox.Settings(url(), TOKEN, Http.ADMIN_TOKEN, null, agentTimings(), states));
      }
      for (Sandbox.ClusterView cluster : started.clusters()) {
        awaitReady(cluster.name(), "True");
      }
    } catch (RuntimeException | Error e) {
      // A harness that never started leaves no clusters, agents or database behind.
      if (started != null && !oneProcess) {
        started.close();
      }
      federation.close();
      throw e;
    }
    sandbox = started;
  }

  private Map<String, String> settings(Path data, Path fleet, Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("server.port", String.valueOf(port));
    all.put("server.address", "127.0.0.1");
    all.put("ubernetes.database.embedded.data-directory", data.resolve("postgres").toString());
    all.put("ubernetes.agents.data-directory", data.toString());
    all.put("ubernetes.agents.join-token", TOKEN);
    all.put("ubernetes.security.bootstrap-admin-token", Http.ADMIN_TOKEN);
    all.put("ubernetes.agents.long-poll-timeout", "5s");
    all.put("ubernetes.agents.heartbeat-timeout", "3s");
    all.put("ubernetes.agents.health-check-interval", "250ms");
    all.put("ubernetes.scheduler.interval", "500ms");
    all.put("ubernetes.scheduler.failover-grace-period", "2s");
    // Longer than a test: a recovered cluster takes nothing new while tests look.
    all.put("ubernetes.scheduler.recovery-hold-down", "5m");
    all.put("logging.level.io.ubernetes", "warn");
    if (fleet != null) {
      all.put("ubernetes.sandbox.config", fleet.toString());
      all.put("ubernetes.sandbox.heartbeat-interval", "300ms");
      all.put("ubernetes.sandbox.start-delay", "300ms");
      all.put("ubernetes.dns.port", "0");
    }
    all.putAll(overrides);
    return all;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Sandbox sandbox() {
    return sandbox;
  }

  void startFederation() {
    String[] args =
        settings.entrySet().stream()
            .map(s -> "--" + s.getKey() + "=" + s.getValue())
            .toArray(String[]::new);
    federation =
        oneProcess
            ? SandboxApplication.run(plainHttp(args))
            : new SpringApplicationBuilder(FederationApplication.class).run(args);
  }

  /** The sandbox on plain HTTP, as these tests reach it. */
  private static String[] plainHttp(String[] args) {
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--no-tls";
    return all;
  }

  /** Stops the federation while its members run on; only when it has a context of its own. */
  void stopFederation() {
    if (oneProcess) {
      throw new IllegalStateException("the sandbox application stops with its federation");
    }
    federation.close();
  }

  /** Where the federation's DNS server listens (UDP and TCP). */
  InetSocketAddress dns() {
    return federation.getBean(EmbeddedDnsServer.class).address();
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

  /**
   * Stops a default cluster's agent and API server, then starts both again from the objects it
   * saved, as a restart of a member's control plane and agent does; only in the default fleet.
   */
  void restartMember(String name) {
    if (oneProcess) {
      throw new IllegalStateException("the sandbox application restarts clusters through its API");
    }
    ClusterDefinition definition =
        ClusterFleet.defaults(Duration.ofMillis(300)).stream()
            .filter(d -> d.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no default cluster named " + name));
    sandbox.remove(name).orElseThrow(() -> new IllegalStateException(name + " does not run"));
    sandbox.add(definition);
  }

  /** A bean of the running federation (its database, for checks of what it stored). */
  <T> T federationBean(Class<T> type) {
    return federation.getBean(type);
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

  /**
   * Every container image a simulated cluster was ever asked to run for a workload's Deployment,
   * from the cluster's start, in the order they first came: to show that a template never reached a
   * cluster, not even for a moment between two looks.
   */
  List<String> imagesEverRun(String cluster, String namespace, String name) {
    return cluster(cluster).podTemplates("Deployment", namespace, name).stream()
        .flatMap(template -> template.getSpec().getContainers().stream())
        .map(Container::getImage)
        .distinct()
        .toList();
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

  static String conditionMessage(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asString())) {
        return condition.path("message").asString();
      }
    }
    return null;
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

  /** When the cluster's {@code Ready} condition last changed, as the federation recorded it. */
  Instant readySince(String cluster) {
    for (JsonNode condition :
        api.get("/api/v1/clusters/" + cluster).json().at("/status/conditions")) {
      if ("Ready".equals(condition.path("type").asString())) {
        return Instant.parse(condition.path("lastTransitionTime").asString());
      }
    }
    throw new AssertionError("cluster " + cluster + " has no Ready condition");
  }

  @Override
  public void close() {
    // In one process the context stops the sandbox first (its lifecycle), then the database.
    if (!oneProcess) {
      sandbox.close();
    }
    if (federation != null && federation.isActive()) {
      federation.close();
    }
  }
}
