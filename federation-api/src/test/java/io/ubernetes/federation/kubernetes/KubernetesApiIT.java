package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.KubernetesClientIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The federation as the Fabric8 client sees it: a Kubernetes API server with the group {@code
 * ubernetes.io/v1}, whose discovery names each resource, and whose objects the generic client
 * creates, reads, lists and deletes on the group's paths.
 */
class KubernetesApiIT extends KubernetesClientIntegrationTest {
  @Test
  void versionSaysWhichKubernetesApiItSpeaks() {
    VersionInfo version = client.getKubernetesVersion();

    assertThat(version.getMajor()).isEqualTo("1");
    assertThat(version.getMinor()).isEqualTo("35");
    assertThat(version.getGitVersion()).startsWith("v1.35.0+ubernetes.");
  }

  @Test
  void discoveryNamesTheGroupAndEveryResourceWithItsShortName() {
    List<APIGroup> groups = client.getApiGroups().getGroups();
    // Subresources (federatedworkloads/status, ...) follow; SubresourcesIT covers them.
    List<APIResource> resources =
        client.getApiResources("ubernetes.io/v1").getResources().stream()
            .filter(resource -> !resource.getName().contains("/"))
            .toList();

    assertThat(groups)
        .extracting(APIGroup::getName)
        .containsExactly("ubernetes.io", "authorization.k8s.io");
    assertThat(groups)
        .first()
        .satisfies(
            group -> {
              assertThat(group.getName()).isEqualTo("ubernetes.io");
              assertThat(group.getPreferredVersion().getGroupVersion())
                  .isEqualTo("ubernetes.io/v1");
            });
    assertThat(resources)
        .extracting(
            APIResource::getName,
            APIResource::getKind,
            APIResource::getNamespaced,
            APIResource::getShortNames)
        .containsExactlyInAnyOrder(
            tuple("memberclusters", "MemberCluster", false, List.of("mc")),
            tuple("placementpolicies", "PlacementPolicy", false, List.of("pp")),
            tuple("rolloutstrategies", "RolloutStrategy", false, List.of("ros")),
            tuple("federatedworkloads", "FederatedWorkload", true, List.of("fw")),
            tuple("clusterfederatedworkloads", "ClusterFederatedWorkload", false, List.of("cfw")),
            tuple("federatedservices", "FederatedService", true, List.of("fsvc")),
            tuple("overridepolicies", "OverridePolicy", true, List.of("op")),
            tuple("clusteroverridepolicies", "ClusterOverridePolicy", false, List.of("cop")),
            tuple("federatedobjects", "FederatedObject", true, List.of("fo")),
            tuple("healthrules", "HealthRule", false, List.of("hr")),
            tuple("clustersets", "ClusterSet", false, List.of("cset")),
            tuple("clustersetbindings", "ClusterSetBinding", true, List.of("csb")),
            tuple("federatedresourcequotas", "FederatedResourceQuota", true, List.of("frq")));
    assertThat(resources)
        .allSatisfy(
            resource -> {
              assertThat(resource.getCategories()).containsExactly("ubernetes");
              assertThat(resource.getVerbs()).contains("get", "list", "create", "delete");
            });
  }

  @Test
  void aggregatedDiscoveryIsAnsweredInItsOwnMediaTypeWhenAskedFor() {
    String kubectlAccepts =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
            + "application/json";

    ApiClient.Response groups = api.get("/apis", kubectlAccepts);
    ApiClient.Response legacy = api.get("/api", kubectlAccepts);
    ApiClient.Response classic = api.get("/apis", "application/json");

    assertThat(groups.status()).isEqualTo(200);
    assertThat(groups.contentType())
        .isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    JsonNode version = groups.json().at("/items/0/versions/0");
    assertThat(groups.json().at("/kind").asString()).isEqualTo("APIGroupDiscoveryList");
    assertThat(groups.json().at("/items/0/metadata/name").asString()).isEqualTo("ubernetes.io");
    assertThat(version.at("/freshness").asString()).isEqualTo("Current");
    assertThat(version.at("/resources"))
        .anySatisfy(
            resource -> {
              assertThat(resource.at("/resource").asString()).isEqualTo("federatedworkloads");
              assertThat(resource.at("/scope").asString()).isEqualTo("Namespaced");
              assertThat(resource.at("/responseKind/kind").asString())
                  .isEqualTo("FederatedWorkload");
            });
    // The core group serves events alone.
    assertThat(legacy.json().at("/items").size()).isEqualTo(1);
    assertThat(legacy.json().at("/items/0/versions/0/resources/0/resource").asString())
        .isEqualTo("events");
    assertThat(classic.contentType()).isEqualTo("application/json");
    assertThat(classic.json().at("/kind").asString()).isEqualTo("APIGroupList");
  }

  @Test
  void theGenericClientCreatesReadsListsAndDeletesWorkloadsOnTheGroupPaths() {
    String namespace = unique("kube");
    String name = unique("web");
    GenericKubernetesResource sent =
        client
            .getKubernetesSerialization()
            .unmarshal(Manifests.workload(name), GenericKubernetesResource.class);
    NonNamespaceOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        workloads =
            client
                .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
                .inNamespace(namespace);

    GenericKubernetesResource created = workloads.resource(sent).create();
    GenericKubernetesResource read = workloads.withName(name).get();
    List<GenericKubernetesResource> listed = workloads.list().getItems();
    List<GenericKubernetesResource> everywhere =
        client
            .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
            .inAnyNamespace()
            .list()
            .getItems();
    workloads.withName(name).delete();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(read.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(read.get("spec", "replicas").toString()).isEqualTo("6");
    assertThat(listed).extracting(w -> w.getMetadata().getName()).containsExactly(name);
    assertThat(everywhere)
        .extracting(w -> w.getMetadata().getNamespace() + "/" + w.getMetadata().getName())
        .contains(namespace + "/" + name);
    assertThat(api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name).status())
        .isEqualTo(404);
  }
}
