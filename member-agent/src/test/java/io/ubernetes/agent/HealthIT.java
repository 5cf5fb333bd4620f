package io.ubernetes.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.Paths;
import io.ubernetes.agent.protocol.WorkFeed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthIT {
  private MemberClusterMock cluster;
  private FederationStub federation;
  private MemberAgent agent;

  @BeforeEach
  void setUp() {
    cluster = new MemberClusterMock();
    federation = new FederationStub(TestAgents.CLUSTER).admitting();
    federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 1))), List.of()));
    federation.idleAt(1);
  }

  @AfterEach
  void tearDown() {
    cluster.stop();
    if (agent != null) {
      agent.close();
    }
    federation.close();
    cluster.close();
  }

  @Test
  void isHealthyWhileItsLoopsRunAndReadyOnceJoined() {
    federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .atPriority(1)
            .willReturn(
                FederationStub.json(
                    202,
                    new JoinResponse(
                        TestAgents.CLUSTER, JoinResponse.State.AWAITING_APPROVAL, null, null))));
    agent = MemberAgent.start(TestAgents.config(federation), cluster.newClient());

    await().atMost(Duration.ofSeconds(5)).until(() -> !federation.joins().isEmpty());
    assertThat(Health.status(agent, "/healthz")).isEqualTo(200);
    assertThat(Health.status(agent, "/readyz")).isEqualTo(503);

    federation.wiremock.resetMappings();
    federation.admitting();

    await().atMost(Duration.ofSeconds(5)).until(() -> Health.status(agent, "/readyz") == 200);
    assertThat(Health.status(agent, "/healthz")).isEqualTo(200);
  }

  @Test
  void servesNothingButItsTwoProbes() {
    agent = MemberAgent.start(TestAgents.config(federation), cluster.newClient());
    int port = agent.healthPort();

    assertThat(Health.status(port, "GET", "/metrics")).isEqualTo(404);
    assertThat(Health.status(port, "GET", "/healthz/more")).isEqualTo(404);
    assertThat(Health.status(port, "GET", "/")).isEqualTo(404);
    assertThat(Health.status(port, "POST", "/healthz")).isEqualTo(405);
    assertThat(Health.status(port, "HEAD", "/healthz")).isEqualTo(200);
  }

  @Test
  void closingStopsLoopsInformersAndProbesWithinSeconds() {
    agent = MemberAgent.start(TestAgents.config(federation), cluster.newClient());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster.client().apps().deployments().inNamespace("shop").withName("web").get()
                    != null);
    int port = agent.healthPort();

    long started = System.nanoTime();
    agent.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(agent.alive()).isFalse();
    assertThat(Health.status(port, "GET", "/healthz")).isEqualTo(-1);
    int requests = federation.wiremock.getAllServeEvents().size();
    // No loop calls the federation any more, and drift is no longer corrected.
    cluster.client().apps().deployments().inNamespace("shop").withName("web").delete();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> federation.wiremock.getAllServeEvents().size() == requests);
    assertThat(cluster.client().apps().deployments().inNamespace("shop").withName("web").get())
        .isNull();
  }
}
