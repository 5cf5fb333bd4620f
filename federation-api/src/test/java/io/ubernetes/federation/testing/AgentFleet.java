package io.ubernetes.federation.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.AgentConfig;
import io.ubernetes.agent.MemberAgent;
import io.ubernetes.agent.MemberClusterMock;
import io.ubernetes.agent.TestAgents;
import io.ubernetes.agent.sync.ApplyMode;
import io.ubernetes.federation.FederationApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The whole loop for the tests that need it: the real federation service on an embedded PostgreSQL
 * (on a loopback port, with short timings), and agents in this JVM, each on its own mock member
 * cluster. The federation can be stopped and started again on the same data, and agents restarted,
 * to show what survives an outage.
 */
public final class AgentFleet implements AutoCloseable {
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Path data;
  private final String joinToken;
  private final int port;
  private final Map<String, MemberClusterMock> clusters = new LinkedHashMap<>();
  private final Map<String, MemberAgent> agents = new LinkedHashMap<>();
  private ConfigurableApplicationContext federation;
  private ApiClient api;

  /** Starts the federation, with no members yet. */
  public AgentFleet(Path data, String joinToken) {
    this.data = data;
    this.joinToken = joinToken;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = free.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    startFederation();
  }

  /** The federation's API as an admin; a new client after each start of the federation. */
  public ApiClient api() {
    return api;
  }

  public void startFederation() {
    federation =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.data-directory=" + data.resolve("postgres"),
                "--ubernetes.agents.join-token=" + joinToken,
                "--" + ApiClient.ADMIN_TOKEN_PROPERTY,
                "--ubernetes.agents.long-poll-timeout=5s",
                "--ubernetes.agents.heartbeat-timeout=3s",
                "--ubernetes.agents.health-check-interval=250ms",
                "--ubernetes.scheduler.interval=500ms",
                "--ubernetes.scheduler.failover-grace-period=1s");
    api = new ApiClient(port);
  }

  public void stopFederation() {
    federation.close();
  }

  /** Adds a member cluster and starts its agent. */
  public void add(String name, MemberClusterMock cluster) {
    clusters.put(name, cluster);
    startAgent(name);
  }

  public void startAgent(String name) {
    AgentConfig config =
        AgentConfig.of(URI.create("http://127.0.0.1:" + port), name, joinToken)
            .withHealthAddress(new InetSocketAddress("127.0.0.1", 0))
            .withApplyMode(ApplyMode.UPDATE)
            .withTopology(new AgentConfig.Topology(null, null, "onprem", "onprem"))
            .withTimings(TestAgents.fastTimings(Duration.ofSeconds(10)));
    agents.put(name, MemberAgent.start(config, clusters.get(name).newClient()));
  }

  public void stopAgent(String name) {
    agents.remove(name).close();
  }

  /** A client of a member cluster's API server. */
  public KubernetesClient member(String name) {
    return clusters.get(name).client();
  }

  /** Waits until the cluster's Ready condition has this status. */
  public void awaitReady(String cluster, String status) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(readyCondition(cluster).path("status").asString()).isEqualTo(status));
  }

  /** The cluster's Ready condition; missing when the cluster or its condition is. */
  public JsonNode readyCondition(String cluster) {
    ApiClient.Response response = api.get("/api/v1/clusters/" + cluster);
    if (response.status() != 200) {
      return MissingNode.getInstance();
    }
    for (JsonNode condition : response.json().at("/status/conditions")) {
      if (condition.path("type").asString().equals("Ready")) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  @Override
  public void close() {
    clusters.values().forEach(MemberClusterMock::stop);
    agents.values().forEach(MemberAgent::close);
    clusters.values().forEach(MemberClusterMock::close);
    if (federation != null) {
      federation.close();
    }
  }
}
