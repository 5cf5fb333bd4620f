package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ubernetes.federation.testing.KubernetesClientIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watches as the Fabric8 client uses them: a plain watch (over HTTP, after its WebSocket attempt is
 * answered 503), an informer (list, then watch from the list's resourceVersion with bookmarks) and
 * a streaming list (sendInitialEvents): each sees objects added, modified and deleted.
 */
class KubernetesWatchIT extends KubernetesClientIntegrationTest {
  @Test
  void aWatchSeesAnObjectAddedModifiedAndDeleted() {
    String namespace = unique("watch");
    String name = unique("web");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        workloads(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    if (action != Action.BOOKMARK) {
                      seen.add(action + " " + resource.getMetadata().getName());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      workloads(namespace).resource(workload(name)).create();
      workloads(namespace).withName(name).edit(w -> labelled(w, "tier", "front"));
      workloads(namespace).withName(name).delete();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsExactly("ADDED " + name, "MODIFIED " + name, "DELETED " + name));
    }
  }

  @ParameterizedTest(name = "watch list {0}")
  @ValueSource(booleans = {false, true})
  void anInformerEndsInTheStateOfTheServer(boolean watchList) {
    String namespace = unique("informer");
    workloads(namespace).resource(workload("before")).create();
    List<String> deleted = new CopyOnWriteArrayList<>();
    // In watch-list mode the informer starts with sendInitialEvents instead of a list.
    KubernetesClient informing =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withWatchList(watchList).build())
            .build();
    SharedIndexInformer<GenericKubernetesResource> informer =
        informing
            .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource obj) {}

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {}

                  @Override
                  public void onDelete(
                      GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                    deleted.add(obj.getMetadata().getName());
                  }
                });
    try {
      await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
      workloads(namespace).resource(workload("after")).create();
      workloads(namespace).withName("before").edit(w -> labelled(w, "tier", "back"));
      workloads(namespace).resource(workload("short-lived")).create();
      workloads(namespace).withName("short-lived").delete();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(informer.getStore().listKeys())
                    .containsExactlyInAnyOrder(namespace + "/before", namespace + "/after");
                assertThat(
                        informer
                            .getStore()
                            .getByKey(namespace + "/before")
                            .getMetadata()
                            .getLabels())
                    .containsEntry("tier", "back");
                assertThat(deleted).containsExactly("short-lived");
              });
    } finally {
      informer.close();
      informing.close();
    }
  }

  @Test
  void aStreamingListGetsTheCurrentObjectsThroughSendInitialEvents() throws Exception {
    String namespace = unique("streaming");
    workloads(namespace).resource(workload("a")).create();
    workloads(namespace).resource(workload("b")).create();
    List<String> streamed = new CopyOnWriteArrayList<>();

    String resourceVersion =
        workloads(namespace)
            .streamingList(item -> streamed.add(item.getMetadata().getName()))
            .get(30, TimeUnit.SECONDS);

    assertThat(streamed).containsExactlyInAnyOrder("a", "b");
    assertThat(Long.parseLong(resourceVersion)).isPositive();
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      workloads(String namespace) {
    return client
        .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
        .inNamespace(namespace);
  }

  private GenericKubernetesResource workload(String name) {
    return client
        .getKubernetesSerialization()
        .unmarshal(Manifests.workload(name), GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource labelled(
      GenericKubernetesResource workload, String key, String value) {
    Map<String, String> labels = new java.util.HashMap<>(workload.getMetadata().getLabels());
    labels.put(key, value);
    workload.getMetadata().setLabels(labels);
    return workload;
  }
}
