package io.ubernetes.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ubernetes.agent.Workloads.atRevision;
import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FederationFaultsIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  private void startAgent(AgentConfig config) {
    harness.start(config);
  }

  private StubMapping failWork(
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
    return harness.federation.wiremock.stubFor(
        harness.federation.workRequest().atPriority(1).willReturn(answer));
  }

  /** Waits until the federation saw {@code more} work polls beyond {@code seen}. */
  private void awaitWorkPolls(int more) {
    int seen = harness.federation.workRequests().size();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.federation.workRequests().size() >= seen + more);
    assertThat(harness.agent().alive()).isTrue();
  }

  @Test
  void carriesOnThroughAnUnreachableSlowFailingAndGarbledFederationThenConverges() {
    // What a healthy federation answers; the faults below take precedence until removed.
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 2))), List.of()));
    harness.federation.idleAt(1);
    harness.federation.stop();
    startAgent(
        TestAgents.config(harness.federation)
            .withTimings(TestAgents.fastTimings(Duration.ofMillis(800))));
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(harness.agent()::alive);

    StubMapping serverErrors = failWork(aResponse().withStatus(500));
    harness.federation.start();
    awaitWorkPolls(2);
    harness.federation.wiremock.removeStub(serverErrors);

    // Slower than the poll timeout: the agent gives up on each poll, and heartbeats go on
    // meanwhile.
    StubMapping slow =
        failWork(
            FederationStub.json(200, new WorkFeed(1, List.of(), List.of())).withFixedDelay(1500));
    int heartbeats = harness.federation.heartbeatRequests().size();
    awaitWorkPolls(2);
    assertThat(harness.federation.heartbeatRequests().size()).isGreaterThan(heartbeats);
    harness.federation.wiremock.removeStub(slow);

    StubMapping truncated =
        failWork(
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"revision\": 9, \"items\": [{\"namespace\": \"shop\""));
    awaitWorkPolls(2);
    harness.federation.wiremock.removeStub(truncated);

    StubMapping html =
        failWork(aResponse().withStatus(200).withBody("<html><body>Bad gateway</body></html>"));
    awaitWorkPolls(2);
    harness.federation.wiremock.removeStub(html);

    for (Fault fault :
        List.of(
            Fault.RANDOM_DATA_THEN_CLOSE, Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE)) {
      StubMapping broken = failWork(aResponse().withFault(fault));
      awaitWorkPolls(1);
      harness.federation.wiremock.removeStub(broken);
    }
    assertThat(harness.agent().desiredState().revision()).isZero();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.kube.apps().deployments().inNamespace("shop").withName("web").get()
                    != null);
    assertThat(harness.agent().alive()).isTrue();
    assertThat(harness.agent().ready()).isTrue();
  }

  @Test
  void theLastRevisionKeepsRunningThroughAnOutageAndARestartAndIsReportedWhenTheFederationIsBack() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(atRevision(item("shop", "web", 1, 1, deployment("shop", "web", 2)), 4)),
            List.of()));
    harness.federation.idleAt(1);
    startAgent(TestAgents.config(harness.federation));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                latestWebReport()
                    .filter(r -> r.applied() && r.workloadRevision() == 4)
                    .isPresent());

    harness.federation.stop();
    harness.agent().close();
    startAgent(TestAgents.config(harness.federation));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.agent().desiredState().items().size() == 1);
    harness.federation.start();
    harness.federation.wiremock.resetRequests();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestWebReport())
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.applied()).isTrue();
                          assertThat(report.generation()).isEqualTo(1);
                          assertThat(report.workloadRevision()).isEqualTo(4);
                        }));
    assertThat(
            harness
                .kube
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("ubernetes.io/revision", "4");
  }

  private Optional<WorkloadReport> latestWebReport() {
    return harness.federation.statusReports().reversed().stream()
        .flatMap(r -> r.workloads().stream())
        .filter(w -> w.workloadUid().equals("uid-shop-web"))
        .findFirst();
  }

  @Test
  void clientErrorsAreNotRetried() {
    harness.federation.wiremock.stubFor(
        put(urlPathEqualTo(harness.federation.heartbeatPath()))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"title\":\"Invalid\",\"status\":422,\"detail\":\"allocatable.cpu: not a quantity\"}")));
    failWork(aResponse().withStatus(400));
    startAgent(TestAgents.config(harness.federation));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.federation.heartbeatRequests().size() >= 4);
    // One request per heartbeat interval (300 ms, a late beat followed by one on time can be
    // closer): a retry would follow within the first backoff (25 to 75 ms).
    assertThat(gapsMillis(harness.federation.heartbeatRequests()))
        .allSatisfy(gap -> assertThat(gap).isGreaterThan(100));
    // A work poll answered 400 is not repeated in a loop: the next one waits a minute.
    assertThat(harness.federation.workRequests()).hasSize(1);
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() {
    harness.federation.wiremock.stubFor(
        put(urlPathEqualTo(harness.federation.heartbeatPath()))
            .willReturn(aResponse().withStatus(503)));
    harness.federation.idleAt(0);
    startAgent(TestAgents.config(harness.federation));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.federation.heartbeatRequests().size() >= 2);
    // Two attempts per heartbeat, the second after the first backoff (25 to 75 ms).
    assertThat(gapsMillis(harness.federation.heartbeatRequests()).getFirst()).isLessThan(250);
  }

  @Test
  void honoursRetryAfterOnTooManyRequests() {
    failWork(aResponse().withStatus(429).withHeader("Retry-After", "1"));
    startAgent(TestAgents.config(harness.federation));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.federation.workRequests().size() >= 2);
    assertThat(gapsMillis(harness.federation.workRequests()).getFirst())
        .isGreaterThanOrEqualTo(950);
  }

  private static List<Long> gapsMillis(List<LoggedRequest> requests) {
    List<Long> times = requests.stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
    return java.util.stream.IntStream.range(1, times.size())
        .mapToObj(i -> times.get(i) - times.get(i - 1))
        .toList();
  }
}
