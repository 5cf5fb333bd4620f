package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.manifest;
import static io.ubernetes.agent.Workloads.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.agent.state.DesiredStateStore;
import io.ubernetes.mockcluster.Widgets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster-scoped workloads in a member: cluster-scoped objects applied without a namespace, in
 * dependency order, custom resources held back until their CustomResourceDefinition is established,
 * and removed by tombstone only, in reverse order.
 */
class ClusterScopedIT {
  private static final String CRD = Widgets.DEFINITION;
  private static final String WORKLOAD_LABEL = "cluster_widgets";

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @Test
  void aCustomResourceWaitsForItsDefinitionToBeEstablishedThenIsApplied() {
    // The custom resource comes first in the item: the agent orders by dependency itself.
    feed(1, clusterItem("widgets", 1, widget("shop", "w1"), crd()));
    harness.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> crdLive() != null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              WorkloadReport report = lastReport("uid-widgets").orElseThrow();
              assertThat(report.applied()).isFalse();
              assertThat(report.errors()).isEmpty();
              assertThat(report.objects())
                  .anySatisfy(
                      object -> {
                        assertThat(object.kind()).isEqualTo("Widget");
                        assertThat(object.health()).isEqualTo(ObjectStatus.PROGRESSING);
                        assertThat(object.message())
                            .isEqualTo(
                                "waiting for CustomResourceDefinition "
                                    + CRD
                                    + " to be established");
                      });
            });
    assertThat(widgetLive("shop", "w1")).isNull();
    assertThat(crdLive().getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", WORKLOAD_LABEL);
    assertThat(crdLive().getMetadata().getNamespace()).isNull();

    establish();

    await().atMost(Duration.ofSeconds(10)).until(() -> widgetLive("shop", "w1") != null);
    assertThat(widgetLive("shop", "w1").getMetadata().getLabels())
        .containsEntry("ubernetes.io/workload", WORKLOAD_LABEL);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lastReport("uid-widgets").map(WorkloadReport::applied).orElse(false));
  }

  @Test
  void clusterScopedObjectsAreAppliedWithoutANamespaceInDependencyOrder() {
    HasMetadata role =
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName("widget-reader")
            .endMetadata()
            .addNewRule()
            .withApiGroups("example.com")
            .withResources("widgets")
            .withVerbs("get", "list")
            .endRule()
            .build();
    HasMetadata binding =
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName("widget-reader")
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "widget-reader")
            .addNewSubject()
            .withKind("Group")
            .withName("readers")
            .withApiGroup("rbac.authorization.k8s.io")
            .endSubject()
            .build();
    HasMetadata priority =
        new PriorityClassBuilder()
            .withNewMetadata()
            .withName("widgets-high")
            .endMetadata()
            .withValue(1000)
            .build();
    // Listed backwards: the Deployment first, the CustomResourceDefinition last.
    feed(
        1,
        clusterItem(
            "widgets",
            1,
            manifest(deployment("team-a", "api", 2)),
            manifest(binding),
            manifest(priority),
            manifest(role),
            manifest(teamNamespace()),
            crd()));
    harness.start();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lastReport("uid-widgets").map(WorkloadReport::applied).orElse(false));
    assertThat(harness.kube.namespaces().withName("team-a").get().getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsEntry("ubernetes.io/workload", WORKLOAD_LABEL);
    assertThat(harness.kube.rbac().clusterRoles().withName("widget-reader").get()).isNotNull();
    assertThat(harness.kube.rbac().clusterRoleBindings().withName("widget-reader").get())
        .isNotNull();
    assertThat(
            harness
                .kube
                .scheduling()
                .v1()
                .priorityClasses()
                .withName("widgets-high")
                .get()
                .getValue())
        .isEqualTo(1000);
    assertThat(harness.kube.apps().deployments().inNamespace("team-a").withName("api").get())
        .isNotNull();
    List<String> creates = requests("POST");
    // Drift of a cluster-scoped object is repaired like any other.
    harness.kube.rbac().clusterRoles().withName("widget-reader").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.kube.rbac().clusterRoles().withName("widget-reader").get() != null);
    assertThat(creates)
        .containsSubsequence(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            "/api/v1/namespaces",
            "/apis/apps/v1/namespaces/team-a/deployments");
    assertThat(creates.indexOf("/apis/rbac.authorization.k8s.io/v1/clusterroles"))
        .isBetween(
            creates.lastIndexOf("/api/v1/namespaces"),
            creates.indexOf("/apis/apps/v1/namespaces/team-a/deployments"));
  }

  @Test
  void aTombstoneRemovesInReverseOrderAndKeepsANamespaceTheAgentMade() {
    harness.kube.resource(crdObject(true)).create();
    // A namespaced workload makes the agent create "shop"; then a cluster-scoped one declares it.
    feed(1, item("shop", "web", 1, 1, deployment("shop", "web", 1)));
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lastReport("uid-shop-web").map(WorkloadReport::applied).orElse(false));
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.polledSince(1));
    harness.federation.idleAt(2);
    harness.federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(
                clusterItem(
                    "widgets",
                    1,
                    widget("team-a", "w1"),
                    manifest(teamNamespace()),
                    manifest(shopNamespace()),
                    manifest(deployment("team-a", "api", 1)))),
            List.of()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lastReport("uid-widgets").map(WorkloadReport::applied).orElse(false));
    // Adopted: the labels the cluster-scoped workload declares are applied.
    assertThat(harness.kube.namespaces().withName("shop").get().getMetadata().getLabels())
        .containsEntry("tier", "shop")
        .containsEntry("ubernetes.io/workload", WORKLOAD_LABEL);
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.polledSince(2));
    drainRequests();

    harness.federation.idleAt(3);
    harness.federation.feed(
        2,
        new WorkFeed(
            3,
            List.of(),
            List.of(
                new Tombstone(
                    "uid-widgets",
                    "",
                    "widgets",
                    3,
                    List.of(
                        new ObjectRef("v1", "Namespace", null, "team-a"),
                        new ObjectRef("v1", "Namespace", null, "shop"),
                        ref(deployment("team-a", "api", 1)),
                        new ObjectRef("example.com/v1", "Widget", "team-a", "w1"))))));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.kube.namespaces().withName("team-a").get() == null);
    assertThat(widgetLive("team-a", "w1")).isNull();
    assertThat(harness.kube.apps().deployments().inNamespace("team-a").withName("api").get())
        .isNull();
    List<String> deletes = requests("DELETE");
    assertThat(deletes)
        .containsSubsequence(
            "/apis/example.com/v1/namespaces/team-a/widgets/w1",
            "/apis/apps/v1/namespaces/team-a/deployments/api",
            "/api/v1/namespaces/team-a");
    // The namespace the agent made for the namespaced workload stays, with what runs in it.
    assertThat(deletes).doesNotContain("/api/v1/namespaces/shop");
    assertThat(harness.kube.namespaces().withName("shop").get()).isNotNull();
    assertThat(harness.kube.apps().deployments().inNamespace("shop").withName("web").get())
        .isNotNull();
    // The CustomResourceDefinition was not the workload's: untouched.
    assertThat(crdLive()).isNotNull();
  }

  @Test
  void aRestartWithLostStateDeletesNothing() {
    feed(1, clusterItem("widgets", 1, manifest(teamNamespace()), crd()));
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lastReport("uid-widgets").map(WorkloadReport::applied).orElse(false));
    harness.agent().close();
    harness
        .kube
        .configMaps()
        .inNamespace("ubernetes-system")
        .withName(DesiredStateStore.CONFIG_MAP)
        .delete();
    harness.federation.wiremock.resetAll();
    harness.federation.admitting();
    harness.federation.feed(0, new WorkFeed(7, List.of(), List.of()));
    harness.federation.idleAt(7);

    harness.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> harness.federation.polledSince(7));
    assertThat(harness.kube.namespaces().withName("team-a").get()).isNotNull();
    assertThat(crdLive()).isNotNull();
  }

  @Test
  void aClusterScopedKindInANamespacedWorkloadIsStillRefused() {
    feed(1, item("shop", "web", 1, 1, teamNamespace()));
    harness.start();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lastReport("uid-shop-web").map(WorkloadReport::errors).orElse(List.of()))
                    .anySatisfy(error -> assertThat(error).contains("cluster-scoped")));
    assertThat(harness.kube.namespaces().withName("team-a").get()).isNull();
  }

  private void feed(long revision, WorkItem... items) {
    harness.federation.feed(0, new WorkFeed(revision, List.of(items), List.of()));
    harness.federation.idleAt(revision);
  }

  @SafeVarargs
  private static WorkItem clusterItem(
      String name, long generation, Map<String, Object>... manifests) {
    return new WorkItem(
        "uid-" + name,
        "",
        name,
        generation,
        generation,
        Arrays.asList(manifests),
        null,
        null,
        null,
        null);
  }

  private Optional<WorkloadReport> lastReport(String uid) {
    return harness.federation.statusReports().reversed().stream()
        .flatMap(report -> report.workloads().stream())
        .filter(workload -> workload.workloadUid().equals(uid))
        .findFirst();
  }

  private static HasMetadata teamNamespace() {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("team-a")
        .addToLabels("team", "a")
        .endMetadata()
        .build();
  }

  private static HasMetadata shopNamespace() {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("shop")
        .addToLabels("tier", "shop")
        .endMetadata()
        .build();
  }

  private static Map<String, Object> crd() {
    return manifest(crdObject(false));
  }

  private static CustomResourceDefinition crdObject(boolean established) {
    CustomResourceDefinition crd =
        Widgets.definition()
            .editSpec()
            .editNames()
            .withSingular("widget")
            .withListKind("WidgetList")
            .endNames()
            .endSpec()
            .build();
    if (established) {
      crd.setStatus(establishedStatus());
    }
    return crd;
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus
      establishedStatus() {
    return new CustomResourceDefinitionStatusBuilder()
        .addToConditions(
            new CustomResourceDefinitionConditionBuilder()
                .withType("Established")
                .withStatus("True")
                .withReason("InitialNamesAccepted")
                .build())
        .build();
  }

  /** What the member's API server does once it serves the kind. */
  private void establish() {
    CustomResourceDefinition live = crdLive();
    live.setStatus(establishedStatus());
    harness.kube.apiextensions().v1().customResourceDefinitions().resource(live).updateStatus();
  }

  private CustomResourceDefinition crdLive() {
    return harness.kube.apiextensions().v1().customResourceDefinitions().withName(CRD).get();
  }

  private static Map<String, Object> widget(String namespace, String name) {
    GenericKubernetesResource widget =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.com/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("size", 3))
            .build();
    return manifest(widget);
  }

  private GenericKubernetesResource widgetLive(String namespace, String name) {
    try {
      return harness
          .kube
          .genericKubernetesResources("example.com/v1", "Widget")
          .inNamespace(namespace)
          .withName(name)
          .get();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // The kind is not served before its definition exists.
      return null;
    }
  }

  /** The paths of the requests of a method the member API server answered so far, in order. */
  private List<String> requests(String method) {
    List<String> paths = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = harness.cluster.server().takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        String path = request.getPath().replaceFirst("\\?.*", "");
        if (request.getMethod().equals(method)) {
          paths.add(path);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return paths;
  }

  private void drainRequests() {
    requests("none");
  }
}
