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
import io.ubernetes.agent.protocol.ObjectStatus;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusReportIT {
  private static final String WEB = "uid-shop-web";

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  private void runWeb() {
    runWeb("ClusterIP");
  }

  private void runWeb(String serviceType) {
    harness.federation.feed(
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
    harness.federation.idleAt(1);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> latestReport(harness.federation.statusReports(), WEB).isPresent());
  }

  @Test
  void anObjectOfTheSameNameThatUbernetesDoesNotManageIsLeftAsItIsAndReported() {
    harness.kube.apps().deployments().resource((Deployment) deployment("shop", "web", 1)).create();
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 3))), List.of()));
    harness.federation.idleAt(1);

    harness.start();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport(harness.federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.applied()).isFalse();
                          assertThat(report.errors())
                              .singleElement()
                              .asString()
                              .contains("not managed by Ubernetes");
                        }));
    Deployment web = harness.kube.apps().deployments().inNamespace("shop").withName("web").get();
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
    Deployment web = harness.kube.apps().deployments().inNamespace("shop").withName("web").get();
    web.setStatus(new DeploymentStatusBuilder().withReplicas(3).withReadyReplicas(ready).build());
    harness.kube.apps().deployments().inNamespace("shop").resource(web).updateStatus();
  }

  /** Two ready endpoints and one unready one behind the Service {@code shop/web}. */
  private void readyEndpoints() {
    harness
        .kube
        .discovery()
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
                assertThat(latestReport(harness.federation.statusReports(), WEB))
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
                            List.of(),
                            null,
                            0,
                            List.of(
                                new ObjectStatus(
                                    "apps/v1",
                                    "Deployment",
                                    "shop",
                                    "web",
                                    ObjectStatus.PROGRESSING,
                                    "RollingOut",
                                    "0 of 3 replicas updated",
                                    null),
                                new ObjectStatus(
                                    "v1",
                                    "Service",
                                    "shop",
                                    "web",
                                    ObjectStatus.HEALTHY,
                                    "Present",
                                    null,
                                    null)))));
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
                assertThat(latestReport(harness.federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.services())
                                .containsExactly(new ServiceReport("web", List.of(), 2))));

    Service web = harness.kube.services().inNamespace("shop").withName("web").get();
    web.setStatus(
        new ServiceStatusBuilder()
            .withNewLoadBalancer()
            .withIngress(new LoadBalancerIngressBuilder().withIp("203.0.113.10").build())
            .endLoadBalancer()
            .build());
    harness.kube.services().inNamespace("shop").resource(web).updateStatus();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(harness.federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.services())
                                .containsExactly(
                                    new ServiceReport("web", List.of("203.0.113.10"), 2))));
  }

  @Test
  void reportsWhatCouldNotBeAppliedAndTheFederationsRenderingError() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 2))), List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                latestReport(harness.federation.statusReports(), WEB)
                    .filter(WorkloadReport::applied)
                    .isPresent());

    harness.federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(
                item(
                    "shop",
                    "web",
                    2,
                    2,
                    deployment("shop", "web", 3),
                    new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("web-reader")
                        .endMetadata()
                        .build())),
            List.of()));
    harness.federation.idleAt(2);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport(harness.federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.generation()).isEqualTo(2);
                          assertThat(report.applied()).isFalse();
                          assertThat(report.replicas()).isEqualTo(2);
                          assertThat(report.errors())
                              .singleElement()
                              .asString()
                              .contains("ClusterRole")
                              .contains("cluster-scoped");
                        }));
    // An object of generation 2 cannot be applied, so none is: generation 1 keeps running whole.
    assertThat(
            harness
                .kube
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);

    harness.federation.feed(
        2,
        new WorkFeed(
            3,
            List.of(
                new WorkItem(
                    WEB,
                    "shop",
                    "web",
                    3,
                    3,
                    List.of(),
                    "override replicas: no such path",
                    null,
                    null,
                    null)),
            List.of()));
    harness.federation.idleAt(3);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport(harness.federation.statusReports(), WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.generation()).isEqualTo(3);
                          assertThat(report.applied()).isFalse();
                          assertThat(report.errors()).contains("override replicas: no such path");
                        }));
    // The federation could not render generation 3: generation 1 keeps running.
    assertThat(harness.kube.apps().deployments().inNamespace("shop").withName("web").get())
        .isNotNull();
  }

  @Test
  void afterAnOutageOnlyTheLatestStatusReachesTheFederation() {
    runWeb();
    StubMapping outage =
        harness.federation.wiremock.stubFor(
            put(urlPathEqualTo(harness.federation.statusPath()))
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
    harness.federation.wiremock.removeStub(outage);

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
    return harness.federation.wiremock.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().equals(harness.federation.statusPath()))
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
