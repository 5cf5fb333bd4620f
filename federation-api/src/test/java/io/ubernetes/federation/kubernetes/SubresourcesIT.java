package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.KubernetesClients;
import io.ubernetes.federation.testing.Manifests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The subresources of the group's kinds: {@code status} of every kind, read-only because the system
 * writes it, and a workload's {@code placement}; discovery lists them after the resources; services
 * are listed and watched across namespaces as workloads are.
 */
class SubresourcesIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";

  @Test
  void everyKindsStatusIsReadAsTheObject() {
    String namespace = unique("sub");
    String cluster = unique("sub-mc");
    String policy = unique("sub-pp");
    created(GROUP + "/memberclusters", Manifests.cluster(cluster, "eu-west", "cloud"));
    created(GROUP + "/placementpolicies", Manifests.policy(policy));
    String strategy = unique("sub-ros");
    created(GROUP + "/rolloutstrategies", Manifests.rolloutStrategy(strategy));
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload("web"));
    created(GROUP + "/namespaces/" + namespace + "/federatedservices", service("web"));
    created(
        GROUP + "/namespaces/" + namespace + "/federatedobjects", Manifests.federatedObject("cfg"));

    Map<String, String> kinds =
        Map.of(
            GROUP + "/memberclusters/" + cluster + "/status", "MemberCluster",
            GROUP + "/placementpolicies/" + policy + "/status", "PlacementPolicy",
            GROUP + "/rolloutstrategies/" + strategy + "/status", "RolloutStrategy",
            GROUP + "/namespaces/" + namespace + "/federatedworkloads/web/status",
                "FederatedWorkload",
            GROUP + "/namespaces/" + namespace + "/federatedservices/web/status",
                "FederatedService",
            GROUP + "/namespaces/" + namespace + "/federatedobjects/cfg/status", "FederatedObject");

    kinds.forEach(
        (path, kind) -> {
          Response status = api.get(path);
          assertThat(status.status()).as(path + ": " + status.body()).isEqualTo(200);
          assertThat(status.at("/kind")).isEqualTo(kind);
          assertThat(status.json().has("status")).isTrue();
        });
  }

  @Test
  void theSystemOwnsStatusSoWritingItIsAMethodNotAllowedStatus() {
    String namespace = unique("sub");
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload("web"));
    String path = GROUP + "/namespaces/" + namespace + "/federatedworkloads/web/status";

    Response put = api.put(path, Manifests.workload("web"));
    Response patch = api.mergePatch(path, "{\"status\": {\"readyReplicas\": 6}}");
    Response missing =
        api.get(GROUP + "/namespaces/" + namespace + "/federatedworkloads/nope/status");

    assertThat(List.of(put, patch))
        .allSatisfy(
            refused -> {
              assertThat(refused.status()).isEqualTo(405);
              assertThat(refused.at("/kind")).isEqualTo("Status");
              assertThat(refused.at("/reason")).isEqualTo("MethodNotAllowed");
            });
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.at("/message"))
        .isEqualTo("federatedworkloads.ubernetes.io \"nope\" not found");
  }

  @Test
  void servicesAreListedAcrossNamespacesOnTheGroupPath() {
    String namespace = unique("sub");
    String name = unique("svc");
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload(name));
    created(GROUP + "/namespaces/" + namespace + "/federatedservices", service(name));

    try (KubernetesClient client = KubernetesClients.forService(port())) {
      List<GenericKubernetesResource> services =
          client
              .genericKubernetesResources("ubernetes.io/v1", "FederatedService")
              .inAnyNamespace()
              .list()
              .getItems();

      assertThat(services)
          .extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
          .contains(namespace + "/" + name);
    }
    Response listed = api.get(GROUP + "/federatedservices");
    assertThat(listed.at("/kind")).isEqualTo("FederatedServiceList");
  }

  @Test
  void servicesAreWatchedAcrossNamespacesOnTheGroupPath() {
    String namespace = unique("sub");
    String name = unique("svc");
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload(name));
    List<String> seen = new CopyOnWriteArrayList<>();

    try (KubernetesClient client = KubernetesClients.forService(port());
        Watch watch =
            client
                .genericKubernetesResources("ubernetes.io/v1", "FederatedService")
                .inAnyNamespace()
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, GenericKubernetesResource service) {
                        seen.add(
                            action
                                + " "
                                + service.getMetadata().getNamespace()
                                + "/"
                                + service.getMetadata().getName());
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
      created(GROUP + "/namespaces/" + namespace + "/federatedservices", service(name));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(seen).contains("ADDED " + namespace + "/" + name));
    }
  }

  @Test
  void discoveryListsTheSubresourcesAfterEveryResource() {
    List<APIResource> resources;
    try (KubernetesClient client = KubernetesClients.forService(port())) {
      resources = client.getApiResources("ubernetes.io/v1").getResources();
    }
    JsonNode aggregated =
        api.get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            .json();

    List<String> names = resources.stream().map(APIResource::getName).toList();
    assertThat(names)
        .containsSubsequence(
            "memberclusters",
            "placementpolicies",
            "rolloutstrategies",
            "federatedworkloads",
            "federatedservices",
            "memberclusters/status")
        .contains(
            "placementpolicies/status",
            "rolloutstrategies/status",
            "federatedworkloads/status",
            "federatedworkloads/placement",
            "federatedworkloads/revisions",
            "federatedworkloads/rollout",
            "clusterfederatedworkloads/status",
            "clusterfederatedworkloads/placement",
            "clusterfederatedworkloads/revisions",
            "clusterfederatedworkloads/rollout",
            "federatedworkloads/render",
            "clusterfederatedworkloads/render",
            "federatedservices/status",
            "overridepolicies/status",
            "clusteroverridepolicies/status",
            "healthrules/status",
            "federatedobjects/status");
    assertThat(resources)
        .filteredOn(resource -> resource.getName().equals("federatedworkloads/placement"))
        .singleElement()
        .satisfies(
            placement -> {
              assertThat(placement.getKind()).isEqualTo("WorkloadPlacement");
              assertThat(placement.getVerbs()).containsExactly("get");
              assertThat(placement.getNamespaced()).isTrue();
            });
    JsonNode workloads =
        aggregated
            .at("/items/0/versions/0/resources")
            .valueStream()
            .filter(resource -> resource.at("/resource").asString().equals("federatedworkloads"))
            .findFirst()
            .orElseThrow();
    assertThat(
            workloads
                .at("/subresources")
                .valueStream()
                .map(
                    sub ->
                        sub.at("/subresource").asString()
                            + ":"
                            + sub.at("/responseKind/kind").asString()
                            + ":"
                            + sub.at("/verbs/0").asString()))
        .containsExactly(
            "status:FederatedWorkload:get",
            "placement:WorkloadPlacement:get",
            "revisions:WorkloadRevisionList:get",
            "rollout:WorkloadRollout:get",
            "render:RenderedWork:get");
  }

  private void created(String path, String body) {
    Response created = api.post(path, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static String service(String workload) {
    return ApiClient.json(
        Map.of(
            "apiVersion",
            "ubernetes.io/v1",
            "kind",
            "FederatedService",
            "metadata",
            Map.of("name", workload),
            "spec",
            Map.of("workload", workload, "ports", List.of(Map.of("port", 80)))));
  }
}
