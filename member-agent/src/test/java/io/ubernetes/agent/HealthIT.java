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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @BeforeEach
  void setUp() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 1))), List.of()));
    harness.federation.idleAt(1);
  }

  @Test
  void isHealthyWhileItsLoopsRunAndReadyOnceJoined() {
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .atPriority(1)
            .willReturn(
                FederationStub.json(
                    202,
                    new JoinResponse(
                        TestAgents.CLUSTER, JoinResponse.State.AWAITING_APPROVAL, null, null))));
    harness.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> !harness.federation.joins().isEmpty());
    assertThat(Health.status(harness.agent(), "/healthz")).isEqualTo(200);
    assertThat(Health.status(harness.agent(), "/readyz")).isEqualTo(503);

    harness.federation.wiremock.resetMappings();
    harness.federation.admitting();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Health.status(harness.agent(), "/readyz") == 200);
    assertThat(Health.status(harness.agent(), "/healthz")).isEqualTo(200);
  }

  @Test
  void servesNothingButItsTwoProbes() {
    harness.start();
    int port = harness.agent().healthPort();

    assertThat(Health.status(port, "GET", "/metrics")).isEqualTo(404);
    assertThat(Health.status(port, "GET", "/healthz/more")).isEqualTo(404);
    assertThat(Health.status(port, "GET", "/")).isEqualTo(404);
    assertThat(Health.status(port, "POST", "/healthz")).isEqualTo(405);
    assertThat(Health.status(port, "HEAD", "/healthz")).isEqualTo(200);
  }

  @Test
  void closingStopsLoopsInformersAndProbesWithinSeconds() {
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.kube.apps().deployments().inNamespace("shop").withName("web").get()
                    != null);
    int port = harness.agent().healthPort();

    long started = System.nanoTime();
    harness.agent().close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(harness.agent().alive()).isFalse();
    assertThat(Health.status(port, "GET", "/healthz")).isEqualTo(-1);
    int requests = harness.federation.wiremock.getAllServeEvents().size();
    // No loop calls the federation any more, and drift is no longer corrected.
    harness.kube.apps().deployments().inNamespace("shop").withName("web").delete();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> harness.federation.wiremock.getAllServeEvents().size() == requests);
    assertThat(harness.kube.apps().deployments().inNamespace("shop").withName("web").get())
        .isNull();
  }
}
