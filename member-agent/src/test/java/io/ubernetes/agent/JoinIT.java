package io.ubernetes.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.ubernetes.agent.federation.Membership;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.Paths;
import io.ubernetes.agent.state.CredentialStore;
import io.ubernetes.mockcluster.MockApiServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.unanswered();
  private LogCapture logs;

  @BeforeEach
  void setUp() {
    logs = new LogCapture();
    harness.federation.idleAt(0);
    harness.federation.wiremock.stubFor(
        put(urlPathEqualTo(harness.federation.statusPath()))
            .willReturn(aResponse().withStatus(204)));
  }

  @AfterEach
  void tearDown() {
    logs.close();
  }

  private void startAgent() {
    harness.start();
  }

  private void acceptHeartbeats(String credential) {
    harness.federation.wiremock.stubFor(
        put(urlPathEqualTo(harness.federation.heartbeatPath()))
            .withHeader(Paths.AUTHORIZATION, equalTo("Bearer " + credential))
            .willReturn(aResponse().withStatus(204)));
  }

  private void answerJoins(int status, JoinResponse response) {
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN)).willReturn(FederationStub.json(status, response)));
  }

  private Secret credentialsSecret() {
    return harness
        .kube
        .secrets()
        .inNamespace("ubernetes-system")
        .withName(CredentialStore.SECRET)
        .get();
  }

  private static String decoded(Secret secret, String key) {
    String value = secret.getData().get(key);
    return value == null
        ? null
        : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  @Test
  void joinsWithTokenRequestIdAndClusterFactsThenUsesTheCredentialEverywhere() {
    harness
        .kube
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .addToLabels("topology.kubernetes.io/region", "eu-central")
                .addToLabels("topology.kubernetes.io/zone", "eu-central-1a")
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///eu-central-1a/i-0abc")
                .endSpec()
                .build())
        .create();
    answerJoins(
        200,
        new JoinResponse(
            TestAgents.CLUSTER, JoinResponse.State.JOINED, FederationStub.CREDENTIAL, null));
    acceptHeartbeats(FederationStub.CREDENTIAL);
    startAgent();

    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.federation.heartbeats().isEmpty());
    JoinRequest join = harness.federation.joins().getFirst();
    assertThat(join.cluster()).isEqualTo(TestAgents.CLUSTER);
    assertThat(join.joinToken()).isEqualTo(TestAgents.JOIN_TOKEN);
    assertThat(join.requestId()).isNotBlank();
    assertThat(join.facts().region()).isEqualTo("eu-central");
    assertThat(join.facts().zone()).isEqualTo("eu-central-1a");
    assertThat(join.facts().provider()).isEqualTo("aws");
    assertThat(join.facts().kubernetesVersion()).isEqualTo(MockApiServer.KUBERNETES_VERSION);
    assertThat(join.facts().agentVersion()).isNotBlank();
    assertThat(harness.federation.workRequests())
        .allSatisfy(
            request ->
                assertThat(request.getHeader(Paths.AUTHORIZATION))
                    .isEqualTo("Bearer " + FederationStub.CREDENTIAL));
    assertThat(Health.status(harness.agent(), "/readyz")).isEqualTo(200);
    Secret secret = credentialsSecret();
    assertThat(decoded(secret, "credential")).isEqualTo(FederationStub.CREDENTIAL);
    assertThat(decoded(secret, "requestId")).isEqualTo(join.requestId());
  }

  @Test
  void awaitsApprovalAskingEveryHeartbeatIntervalWithTheSameRequestId() {
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .inScenario("approval")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("asked once")
            .willReturn(
                FederationStub.json(
                    202,
                    new JoinResponse(
                        TestAgents.CLUSTER,
                        JoinResponse.State.AWAITING_APPROVAL,
                        null,
                        "ask an operator"))));
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .inScenario("approval")
            .whenScenarioStateIs("asked once")
            .willSetStateTo("asked twice")
            .willReturn(
                FederationStub.json(
                    202,
                    new JoinResponse(
                        TestAgents.CLUSTER,
                        JoinResponse.State.AWAITING_APPROVAL,
                        null,
                        "ask an operator"))));
    acceptHeartbeats(FederationStub.CREDENTIAL);
    startAgent();

    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.joins().size() >= 2);
    assertThat(harness.agent().membershipPhase()).isEqualTo(Membership.Phase.AWAITING_APPROVAL);
    assertThat(Health.status(harness.agent(), "/readyz")).isEqualTo(503);
    assertThat(harness.federation.heartbeats()).isEmpty();

    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .inScenario("approval")
            .whenScenarioStateIs("asked twice")
            .willReturn(
                FederationStub.json(
                    200,
                    new JoinResponse(
                        TestAgents.CLUSTER,
                        JoinResponse.State.JOINED,
                        FederationStub.CREDENTIAL,
                        null))));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Health.status(harness.agent(), "/readyz") == 200);
    await().atMost(Duration.ofSeconds(5)).until(() -> !harness.federation.heartbeats().isEmpty());
    List<JoinRequest> joins = harness.federation.joins();
    assertThat(joins).hasSize(3);
    assertThat(joins).extracting(JoinRequest::requestId).containsOnly(joins.getFirst().requestId());
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 403, 409})
  void aRefusedJoinIsNotRetriedInALoop(int status) {
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"title\":\"Refused\",\"status\":" + status + ",\"detail\":\"no\"}")));
    startAgent();

    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.joins().size() == 1);
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> harness.federation.joins().size() == 1);
    assertThat(harness.agent().membershipPhase()).isEqualTo(Membership.Phase.REFUSED);
    assertThat(Health.status(harness.agent(), "/readyz")).isEqualTo(503);
    assertThat(Health.status(harness.agent(), "/healthz")).isEqualTo(200);
    assertThat(logs.agentEvents())
        .filteredOn(e -> e.getFormattedMessage().contains("refused"))
        .hasSize(1);
  }

  @Test
  void aRestartedAgentReusesTheStoredCredentialWithoutJoiningAgain() {
    answerJoins(
        200,
        new JoinResponse(
            TestAgents.CLUSTER, JoinResponse.State.JOINED, FederationStub.CREDENTIAL, null));
    acceptHeartbeats(FederationStub.CREDENTIAL);
    startAgent();
    await().atMost(Duration.ofSeconds(5)).until(() -> !harness.federation.heartbeats().isEmpty());
    String requestId = harness.federation.joins().getFirst().requestId();
    harness.agent().close();
    harness.federation.wiremock.resetRequests();

    startAgent();

    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.heartbeats().size() >= 2);
    assertThat(harness.federation.joins()).isEmpty();
    assertThat(harness.agent().ready()).isTrue();
    assertThat(decoded(credentialsSecret(), "requestId")).isEqualTo(requestId);
  }

  @Test
  void joinsAgainWhenTheFederationNoLongerAcceptsTheCredential() {
    String rotated = "cred-rotated-fedcba9876543210";
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .inScenario("rotation")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("rotated")
            .willReturn(
                FederationStub.json(
                    200,
                    new JoinResponse(
                        TestAgents.CLUSTER,
                        JoinResponse.State.JOINED,
                        FederationStub.CREDENTIAL,
                        null))));
    harness.federation.wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .inScenario("rotation")
            .whenScenarioStateIs("rotated")
            .willReturn(
                FederationStub.json(
                    200,
                    new JoinResponse(
                        TestAgents.CLUSTER, JoinResponse.State.JOINED, rotated, null))));
    // The operator rotated the first credential: the federation answers 401 to it.
    harness.federation.wiremock.stubFor(
        put(urlPathEqualTo(harness.federation.heartbeatPath()))
            .withHeader(Paths.AUTHORIZATION, equalTo("Bearer " + FederationStub.CREDENTIAL))
            .willReturn(aResponse().withStatus(401)));
    acceptHeartbeats(rotated);
    startAgent();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.federation.heartbeatRequests().stream()
                    .anyMatch(r -> ("Bearer " + rotated).equals(r.getHeader(Paths.AUTHORIZATION))));
    List<JoinRequest> joins = harness.federation.joins();
    assertThat(joins).hasSize(2);
    assertThat(joins.get(1).requestId()).isEqualTo(joins.get(0).requestId());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> rotated.equals(decoded(credentialsSecret(), "credential")));
    assertThat(harness.agent().ready()).isTrue();
  }

  @Test
  void logLinesNameTheClusterAndNeverShowTheJoinTokenOrTheCredential() {
    answerJoins(
        200,
        new JoinResponse(
            TestAgents.CLUSTER, JoinResponse.State.JOINED, FederationStub.CREDENTIAL, null));
    harness.federation.wiremock.stubFor(
        put(urlPathEqualTo(harness.federation.heartbeatPath()))
            .willReturn(aResponse().withStatus(401)));
    startAgent();

    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.joins().size() >= 2);
    harness.agent().close();

    assertThat(logs.agentEvents())
        .isNotEmpty()
        .allSatisfy(
            e -> assertThat(e.getMDCPropertyMap()).containsEntry("cluster", TestAgents.CLUSTER));
    assertThat(logs.allLines())
        .noneMatch(line -> line.contains(TestAgents.JOIN_TOKEN))
        .noneMatch(line -> line.contains(FederationStub.CREDENTIAL));
    assertThat(TestAgents.config(harness.federation).toString())
        .doesNotContain(TestAgents.JOIN_TOKEN);
  }
}
