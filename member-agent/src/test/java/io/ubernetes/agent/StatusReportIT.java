package io.ubernetes.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.protocol.ServiceReport;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusReportIT {
  private static final String WEB = "uid-shop-web";

  private MemberClusterMock cluster;
  private FederationStub federation;
  private KubernetesClient kube;
  private MemberAgent agent;

  @BeforeEach
  void setUp() {
    cluster = new MemberClusterMock();
    kube = cluster.client();
    federation = new FederationStub(TestAgents.CLUSTER).admitting();
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

  private void runWeb() {
    runWeb("ClusterIP");
  }

  private void runWeb(String serviceType) {
    federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                item(
                    "shop",
                    "web",
                    1,
                    1,
                    deployment("shop", "web", 3),
                    service("shop", "web", serviceType))),
            List.of()));
    federation.idleAt(1);
    agent = MemberAgent.start(TestAgents.config(federation), cluster.newClient());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> latestReport(federation.statusReports(), WEB).isPresent());
  }

  @Test
  void anObjectOfTheSameNameThatUbernetesDoesNotManageIsLeftAsItIsAndReported() {
    kube.apps().deployments().resource((Deployment) deployment("shop", "web", 1)).create();
    federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 3))), List.of()));
    federation.idleAt(1);

    agent = MemberAgent.start(TestAgents.config(federation), cluster.newClient());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport(federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.applied()).isFalse();
                          assertThat(report.errors())
                              .singleElement()
                              .asString()
                              .contains("not managed by Ubernetes");
                        }));
    Deployment web = kube.apps().deployments().inNamespace("shop").withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(1);
    assertThat(web.getMetadata().getLabels()).isNullOrEmpty();
  }

  private static Optional<WorkloadReport> latestReport(List<StatusReport> reports, String uid) {
    return reports.reversed().stream()
        .flatMap(r -> r.workloads().stream())
        .filter(w -> w.workloadUid().equals(uid))
        .findFirst();
  }

  private void setReadyReplicas(int ready) {
    Deployment web = kube.apps().deployments().inNamespace("shop").withName("web").get();
    web.setStatus(new DeploymentStatusBuilder().withReplicas(3).withReadyReplicas(ready).build());
    kube.apps().deployments().inNamespace("shop").resource(web).updateStatus();
  }

  /** Two ready endpoints and one unready one behind the Service {@code shop/web}. */
  private void readyEndpoints() {
    kube.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("web-abcde")
                .addToLabels("kubernetes.io/service-name", "web")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("10.0.0.2")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .addNewEndpoint()
                .withAddresses("10.0.0.1")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .addNewEndpoint()
                .withAddresses("10.0.0.3")
                .withNewConditions()
                .withReady(false)
                .endConditions()
                .endEndpoint()
                .build())
        .create();
  }

  @Test
  void reportsReadyReplicasAndTheReadyEndpointsOfItsServices() {
    runWeb();
    setReadyReplicas(2);
    readyEndpoints();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(federation.statusReports(), WEB))
                    .hasValue(
                        new WorkloadReport(
                            WEB,
                            1,
                            true,
                            3,
                            2,
                            List.of(),
                            List.of(new ServiceReport("web", List.of("10.0.0.1", "10.0.0.2"), 2)),
                            0,
                            0,
                            List.of())));
  }

  @Test
  void reportsALoadBalancersIngressAddressesAndNoneWhileItIsPending() {
    runWeb("LoadBalancer");
    setReadyReplicas(2);
    readyEndpoints();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.services())
                                .containsExactly(new ServiceReport("web", List.of(), 2))));

    Service web = kube.services().inNamespace("shop").withName("web").get();
    web.setStatus(
        new ServiceStatusBuilder()
            .withNewLoadBalancer()
            .withIngress(new LoadBalancerIngressBuilder().withIp("203.0.113.10").build())
            .endLoadBalancer()
            .build());
    kube.services().inNamespace("shop").resource(web).updateStatus();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.services())
                                .containsExactly(
                                    new ServiceReport("web", List.of("203.0.113.10"), 2))));
  }

  @Test
  void reportsWhatCouldNotBeAppliedAndTheFederationsRenderingError() {
    federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                item(
                    "shop",
                    "web",
                    1,
                    1,
                    deployment("shop", "web", 2),
                    new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("web-reader")
                        .endMetadata()
                        .build())),
            List.of()));
    federation.idleAt(1);
    agent = MemberAgent.start(TestAgents.config(federation), cluster.newClient());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport(federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.applied()).isFalse();
                          assertThat(report.replicas()).isEqualTo(2);
                          assertThat(report.errors())
                              .singleElement()
                              .asString()
                              .contains("ClusterRole")
                              .contains("cluster-scoped");
                        }));
    assertThat(kube.apps().deployments().inNamespace("shop").withName("web").get()).isNotNull();

    federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(
                new WorkItem(
                    WEB, "shop", "web", 2, 2, List.of(), "override replicas: no such path")),
            List.of()));
    federation.idleAt(2);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport(federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.generation()).isEqualTo(2);
                          assertThat(report.applied()).isFalse();
                          assertThat(report.errors()).contains("override replicas: no such path");
                        }));
    // The federation could not render generation 2: generation 1 keeps running.
    assertThat(kube.apps().deployments().inNamespace("shop").withName("web").get()).isNotNull();
  }

  @Test
  void afterAnOutageOnlyTheLatestStatusReachesTheFederation() {
    runWeb();
    StubMapping outage =
        federation.wiremock.stubFor(
            put(urlPathEqualTo(federation.statusPath()))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));

    for (int ready = 1; ready <= 3; ready++) {
      setReadyReplicas(ready);
      int expected = ready;
      // The agent saw the change: it tried to report it, and failed.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> statusPuts(503).stream().anyMatch(r -> readyReplicas(r) == expected));
    }
    int deliveredBefore = statusPuts(204).size();
    federation.wiremock.removeStub(outage);

    await().atMost(Duration.ofSeconds(5)).until(() -> statusPuts(204).size() > deliveredBefore);
    List<StatusReport> delivered = statusPuts(204);
    List<Integer> afterOutage =
        delivered.subList(deliveredBefore, delivered.size()).stream()
            .map(StatusReportIT::readyReplicas)
            .filter(Objects::nonNull)
            .toList();
    assertThat(afterOutage).isNotEmpty().containsOnly(3);
    // The changes made during the outage never reached the federation.
    assertThat(delivered).map(StatusReportIT::readyReplicas).doesNotContain(1, 2);
  }

  private static Integer readyReplicas(StatusReport report) {
    return report.workloads().stream()
        .filter(w -> w.workloadUid().equals(WEB))
        .map(WorkloadReport::readyReplicas)
        .findFirst()
        .orElse(null);
  }

  private List<StatusReport> statusPuts(int answeredWith) {
    return federation.wiremock.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().equals(federation.statusPath()))
        .filter(e -> e.getResponse().getStatus() == answeredWith)
        .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .map(ServeEvent::getRequest)
        .map(
            r -> {
              try {
                return FederationStub.JSON.readValue(r.getBody(), StatusReport.class);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }
}
