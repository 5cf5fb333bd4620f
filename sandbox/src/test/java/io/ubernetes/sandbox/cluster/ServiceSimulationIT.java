package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static io.ubernetes.sandbox.cluster.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Services get EndpointSlices of their pods and LoadBalancer addresses. */
class ServiceSimulationIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start(cluster("services", 2));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static List<EndpointSlice> slices(String namespace, String service) {
    return client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(namespace)
        .withLabel("kubernetes.io/service-name", service)
        .list()
        .getItems();
  }

  private static Set<String> podAddresses(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
        .map(Pod::getStatus)
        .filter(s -> s.getPodIP() != null)
        .map(s -> s.getPodIP())
        .collect(Collectors.toSet());
  }

  @Test
  void aServiceGetsOneSliceWithAReadyEndpointPerPodAndLosesItWithTheService() {
    client.resource(deployment("web", "front", 2, "100m")).create();
    client.resource(service("web", "front", "front", "ClusterIP")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<EndpointSlice> slices = slices("web", "front");
              assertThat(slices).hasSize(1);
              EndpointSlice slice = slices.get(0);
              assertThat(slice.getAddressType()).isEqualTo("IPv4");
              assertThat(slice.getPorts())
                  .singleElement()
                  .satisfies(
                      port -> {
                        assertThat(port.getName()).isEqualTo("web");
                        assertThat(port.getPort()).isEqualTo(8080);
                      });
              assertThat(slice.getEndpoints())
                  .hasSize(2)
                  .allSatisfy(
                      endpoint -> {
                        assertThat(endpoint.getConditions().getReady()).isTrue();
                        assertThat(endpoint.getTargetRef().getKind()).isEqualTo("Pod");
                        assertThat(endpoint.getZone()).isEqualTo("eu-west-1a");
                      });
              assertThat(
                      slice.getEndpoints().stream()
                          .flatMap(e -> e.getAddresses().stream())
                          .collect(Collectors.toSet()))
                  .isEqualTo(podAddresses("web", "front"));
            });

    client.services().inNamespace("web").withName("front").delete();

    await().atMost(PATIENCE).until(() -> slices("web", "front").isEmpty());
  }

  @Test
  void theSliceFollowsThePods() {
    client.resource(service("follow", "api", "api", "ClusterIP")).create();
    await().atMost(PATIENCE).until(() -> slices("follow", "api").size() == 1);
    assertThat(slices("follow", "api").get(0).getEndpoints()).isEmpty();

    client.resource(deployment("follow", "api", 3, "100m")).create();
    await()
        .atMost(PATIENCE)
        .until(() -> readyEndpoints(slices("follow", "api").get(0)).size() == 3);

    client.apps().deployments().inNamespace("follow").withName("api").scale(1);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              EndpointSlice slice = slices("follow", "api").get(0);
              assertThat(slice.getEndpoints()).hasSize(1);
              assertThat(slice.getEndpoints().get(0).getAddresses())
                  .containsExactlyElementsOf(podAddresses("follow", "api"));
            });
  }

  @Test
  void aLoadBalancerServiceGetsAnIngressAddressOfTheLoadBalancerRange() {
    client.resource(service("lb", "public", "public", "LoadBalancer")).create();
    client.resource(service("lb", "other", "other", "LoadBalancer")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(ingress("lb", "public")).startsWith("203.0.113.");
              assertThat(ingress("lb", "other")).startsWith("203.0.113.");
              assertThat(ingress("lb", "public")).isNotEqualTo(ingress("lb", "other"));
            });

    client
        .services()
        .inNamespace("lb")
        .withName("public")
        .edit(
            s -> {
              s.getSpec().setType("ClusterIP");
              return s;
            });

    await().atMost(PATIENCE).until(() -> ingress("lb", "public") == null);
  }

  private static String ingress(String namespace, String name) {
    Service service = client.services().inNamespace(namespace).withName(name).get();
    if (service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null
        || service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
      return null;
    }
    return service.getStatus().getLoadBalancer().getIngress().get(0).getIp();
  }

  private static List<Endpoint> readyEndpoints(EndpointSlice slice) {
    return slice.getEndpoints().stream()
        .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady()))
        .toList();
  }
}
