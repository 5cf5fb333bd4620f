package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.JavaProcess;
import io.ubernetes.federation.testing.KubernetesClients;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.testing.ServiceJvms;
import io.ubernetes.federation.testing.WatchConnection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Fabric8 informer on federated workloads while the service it watches, a JVM of its own on a
 * PostgreSQL the test owns, is stopped with SIGTERM and started again on the same port and
 * database: the same informer, never recreated, reconnects by itself and its store reaches the
 * database's state, from its resourceVersion when the history still goes back that far, by a relist
 * after 410 Expired when it no longer does.
 */
class InformerAcrossRestartE2E {
  private static final String NAMESPACE = "shop";
  private static final String WORKLOADS = "/api/v1/namespaces/" + NAMESPACE + "/workloads";
  private static final Duration PATIENCE = ServiceJvms.PATIENCE;

  @RegisterExtension static final ServiceJvms services = new ServiceJvms("informer-restart");

  @Test
  void anInformerFollowsTheServiceThroughASigtermAndAStartOnTheSamePort() throws Exception {
    int port = JavaProcess.freePort();
    JavaProcess first = start("first", port, List.of());
    ApiClient api = new ApiClient(port);
    created(api, "kept");
    created(api, "changed");
    created(api, "removed");
    Events events = new Events();

    try (KubernetesClient client = KubernetesClients.forService(port)) {
      SharedIndexInformer<GenericKubernetesResource> informer = inform(client, events);
      try {
        await().atMost(PATIENCE).until(informer::hasSynced);
        assertThat(informer.getStore().listKeys()).hasSize(3);

        first.close();
        assertThat(first.isAlive()).isFalse();
        assertThat(Files.readString(first.log()))
            .as("stopped by SIGTERM, not killed after it")
            .contains("Graceful shutdown complete");
        start("second", port, List.of());
        created(api, "added");
        Response changed =
            api.mergePatch(
                WORKLOADS + "/changed", "{\"metadata\": {\"labels\": {\"tier\": \"back\"}}}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        Response removed = api.delete(WORKLOADS + "/removed");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(informer.getStore().listKeys())
                      .containsExactlyInAnyOrder(key("kept"), key("changed"), key("added"));
                  assertThat(informer.getStore().getByKey(key("changed")).getMetadata().getLabels())
                      .containsEntry("tier", "back");
                  assertThat(events.deleted).containsExactly("removed");
                });
        assertThat(informer.isRunning()).isTrue();
        // The same informer throughout: a new one would have added every object again.
        assertThat(events.added).containsExactlyInAnyOrder("kept", "changed", "removed", "added");
      } finally {
        informer.close();
      }
    }
  }

  @Test
  void anInformerRelistsWhenTheServiceStartsAfterTheHistoryMovedOn() throws Exception {
    List<String> shortHistory = List.of("--ubernetes.watch.history=2s");
    int port = JavaProcess.freePort();
    JavaProcess first = start("first", port, shortHistory);
    ApiClient api = new ApiClient(port);
    created(api, "kept");
    created(api, "removed");
    Events events = new Events();

    try (KubernetesClient client = KubernetesClients.forService(port)) {
      SharedIndexInformer<GenericKubernetesResource> informer = inform(client, events);
      try {
        await().atMost(PATIENCE).until(informer::hasSynced);
        assertThat(informer.getStore().listKeys()).hasSize(2);

        first.close();
        // Meanwhile a service on another port writes more than the history keeps.
        int writerPort = JavaProcess.freePort();
        JavaProcess writer = start("writer", writerPort, shortHistory);
        ApiClient writes = new ApiClient(writerPort);
        created(writes, "added");
        assertThat(writes.delete(WORKLOADS + "/removed").status()).isEqualTo(200);
        await()
            .atMost(PATIENCE)
            .until(() -> watchStatus(writerPort, informer.lastSyncResourceVersion()) == 410);
        writer.close();
        start("second", port, shortHistory);

        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(informer.getStore().listKeys())
                      .containsExactlyInAnyOrder(key("kept"), key("added"));
                  assertThat(events.deleted).containsExactly("removed");
                });
        assertThat(informer.isRunning()).isTrue();
      } finally {
        informer.close();
      }
    }
  }

  private static JavaProcess start(String name, int port, List<String> settings) {
    List<String> all = new ArrayList<>(settings);
    all.add("--ubernetes.scheduler.enabled=false");
    all.add("--ubernetes.agents.join-token=test-join-token");
    return services.start(
        name, port, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), all);
  }

  private static SharedIndexInformer<GenericKubernetesResource> inform(
      KubernetesClient client, Events events) {
    return client
        .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
        .inNamespace(NAMESPACE)
        .inform(events);
  }

  private static void created(ApiClient api, String name) {
    Response created = api.post(WORKLOADS, Manifests.workload(name));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static String key(String name) {
    return NAMESPACE + "/" + name;
  }

  private static int watchStatus(int port, String resourceVersion) {
    try (WatchConnection watch =
        WatchConnection.open(
            port,
            "/apis/ubernetes.io/v1/namespaces/"
                + NAMESPACE
                + "/federatedworkloads?watch=true&resourceVersion="
                + resourceVersion
                + "&timeoutSeconds=1")) {
      return watch.status();
    }
  }

  /** What the informer told its handler, by object name. */
  private static final class Events implements ResourceEventHandler<GenericKubernetesResource> {
    final List<String> added = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(GenericKubernetesResource obj) {
      added.add(obj.getMetadata().getName());
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {}

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      deleted.add(obj.getMetadata().getName());
    }
  }
}
