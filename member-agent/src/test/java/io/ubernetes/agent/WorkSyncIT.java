package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.configMap;
import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.ref;
import static io.ubernetes.agent.Workloads.service;
import static io.ubernetes.agent.Workloads.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.agent.state.DesiredStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkSyncIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  private void startAgent() {
    harness.start();
  }

  private Deployment deploymentIn(String namespace, String name) {
    return harness.kube.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  @Test
  void appliesAWorkItemWithManagedLabelsGenerationAnnotationAndItsNamespace() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                item("shop", "web", 4, 1, deployment("shop", "web", 3), service("shop", "web"))),
            List.of()));
    harness.federation.idleAt(1);

    startAgent();

    // The item's objects are applied one after the other: wait for the last one too.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                deploymentIn("shop", "web") != null
                    && harness.kube.services().inNamespace("shop").withName("web").get() != null);
    Deployment web = deploymentIn("shop", "web");
    assertThat(web.getSpec().getReplicas()).isEqualTo(3);
    assertThat(web.getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", "shop.web");
    assertThat(web.getMetadata().getAnnotations()).containsEntry("ubernetes.io/generation", "4");
    assertThat(web.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app", "web")
        .containsEntry("ubernetes.io/managed-by", "ubernetes");
    assertThat(
            harness
                .kube
                .services()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("ubernetes.io/workload", "shop.web");
    Namespace shop = harness.kube.namespaces().withName("shop").get();
    assertThat(shop.getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        harness
                            .kube
                            .configMaps()
                            .inNamespace("ubernetes-system")
                            .withName(DesiredStateStore.CONFIG_MAP)
                            .get()
                            .getData())
                    .containsEntry("revision", "1"));
  }

  @Test
  void aNewObjectIsCreatedWithoutBeingReadFirst() throws InterruptedException {
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 3))), List.of()));
    harness.federation.idleAt(1);

    startAgent();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.federation.statusReports().stream()
                    .flatMap(report -> report.workloads().stream())
                    .anyMatch(WorkloadReport::applied));
    // Every request the member API server answered, in order, up to the Deployment's create.
    List<String> beforeCreate = new ArrayList<>();
    RecordedRequest request;
    while ((request = harness.cluster.server().takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      String line = request.getMethod() + " " + request.getPath();
      if (line.equals("POST /apis/apps/v1/namespaces/shop/deployments")) {
        break;
      }
      beforeCreate.add(line);
    }
    assertThat(request).as("the Deployment's create").isNotNull();
    assertThat(beforeCreate)
        .noneMatch(line -> line.startsWith("GET /apis/apps/v1/namespaces/shop/deployments/web"));
    assertThat(deploymentIn("shop", "web").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void anUpdatedItemUpdatesTheObjectAndDeletesTheResourceItDropped() {
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
                    configMap("shop", "web-config", "a"))),
            List.of()));
    harness.federation.idleAt(1);
    startAgent();
    await().atMost(Duration.ofSeconds(10)).until(() -> deploymentIn("shop", "web") != null);
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.polledSince(1));

    harness.federation.feed(
        1,
        new WorkFeed(
            2, List.of(item("shop", "web", 2, 2, deployment("shop", "web", 5))), List.of()));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(deploymentIn("shop", "web").getSpec().getReplicas()).isEqualTo(5);
              assertThat(deploymentIn("shop", "web").getMetadata().getAnnotations())
                  .containsEntry("ubernetes.io/generation", "2");
              assertThat(harness.kube.configMaps().inNamespace("shop").withName("web-config").get())
                  .isNull();
            });
  }

  @Test
  void aTombstoneDeletesExactlyTheWorkloadsManagedObjects() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                item("shop", "web", 1, 1, deployment("shop", "web", 2), service("shop", "web")),
                item("shop", "api", 1, 1, deployment("shop", "api", 1))),
            List.of()));
    harness.federation.idleAt(1);
    // Someone else's objects: a same-named ConfigMap and a same-named Deployment elsewhere.
    harness.kube.configMaps().resource((ConfigMap) configMap("shop", "web", "not ours")).create();
    harness.kube.apps().deployments().resource((Deployment) deployment("other", "web", 1)).create();
    startAgent();
    await().atMost(Duration.ofSeconds(10)).until(() -> deploymentIn("shop", "api") != null);
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.polledSince(1));
    // A managed object of the workload the federation does not list: found by its labels.
    ConfigMap extra = (ConfigMap) configMap("shop", "web-extra", "x");
    extra.setMetadata(
        new ObjectMetaBuilder(extra.getMetadata())
            .addToLabels(
                Map.of("ubernetes.io/managed-by", "ubernetes", "ubernetes.io/workload", "shop.web"))
            .build());
    harness.kube.configMaps().resource(extra).create();

    harness.federation.idleAt(2);
    harness.federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(),
            List.of(
                tombstone(
                    "shop",
                    "web",
                    2,
                    ref(deployment("shop", "web", 2)),
                    ref(service("shop", "web")),
                    ref(configMap("shop", "web", ""))))));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(deploymentIn("shop", "web")).isNull();
              assertThat(harness.kube.services().inNamespace("shop").withName("web").get())
                  .isNull();
              assertThat(harness.kube.configMaps().inNamespace("shop").withName("web-extra").get())
                  .isNull();
            });
    assertThat(harness.kube.configMaps().inNamespace("shop").withName("web").get().getData())
        .containsEntry("value", "not ours");
    assertThat(deploymentIn("other", "web")).isNotNull();
    assertThat(deploymentIn("shop", "api")).isNotNull();
    assertThat(harness.kube.namespaces().withName("shop").get()).isNotNull();
  }

  @Test
  void anEmptyFeedAfterARestartWithLostStateDeletesNothing() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 3))), List.of()));
    harness.federation.idleAt(1);
    startAgent();
    await().atMost(Duration.ofSeconds(10)).until(() -> deploymentIn("shop", "web") != null);
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

    startAgent();

    await().atMost(Duration.ofSeconds(10)).until(() -> harness.federation.polledSince(7));
    assertThat(deploymentIn("shop", "web")).isNotNull();
    assertThat(deploymentIn("shop", "web").getSpec().getReplicas()).isEqualTo(3);
  }
}
