package io.ubernetes.federation.kubernetes;

import static io.ubernetes.federation.testing.ServiceReplicas.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.KubernetesClients;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.testing.ServiceReplicas;
import io.ubernetes.federation.testing.WatchConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas of the service on one database, with a history of two seconds: a change written
 * through one reaches the watches of the other, and an informer on a replica that restarts, while
 * more changes than the history keeps are made through the other, relists (410 Expired) and ends in
 * the state of the database.
 */
class WatchAcrossReplicasIT {
  @RegisterExtension final ServiceReplicas replicas = new ServiceReplicas();

  @Test
  void aChangeWrittenThroughOneReplicaReachesAWatcherOnTheOther() {
    ConfigurableApplicationContext first = start(0);
    ConfigurableApplicationContext second = start(0);
    try (WatchConnection watch =
        WatchConnection.open(
            port(second),
            "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads?watch=true"
                + "&allowWatchBookmarks=true")) {
      assertThat(watch.next().at("/type").asString()).isEqualTo("BOOKMARK");

      ApiClient.Response created =
          new ApiClient(port(first))
              .post("/api/v1/namespaces/shop/workloads", Manifests.workload("web"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      JsonNode added = watch.nextChange();
      assertThat(added.at("/type").asString()).isEqualTo("ADDED");
      assertThat(added.at("/object/metadata/name").asString()).isEqualTo("web");
    }
  }

  @Test
  void anInformerOnAReplicaThatRestartsAfterTheHistoryMovedOnEndsInTheRightState() {
    ConfigurableApplicationContext writer = start(0);
    ConfigurableApplicationContext watched = start(0);
    int watchedPort = port(watched);
    ApiClient api = new ApiClient(port(writer));
    api.post("/api/v1/namespaces/shop/workloads", Manifests.workload("kept"));
    api.post("/api/v1/namespaces/shop/workloads", Manifests.workload("removed"));

    try (KubernetesClient client = KubernetesClients.forService(watchedPort)) {
      SharedIndexInformer<GenericKubernetesResource> informer =
          client
              .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
              .inNamespace("shop")
              .inform(new Ignored());
      try {
        await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
        assertThat(informer.getStore().listKeys()).hasSize(2);

        watched.close();
        for (int i = 0; i < 5; i++) {
          api.post("/api/v1/namespaces/shop/workloads", Manifests.workload("added-" + i));
        }
        api.delete("/api/v1/namespaces/shop/workloads/removed");
        // The writer prunes its history (two seconds) while the watched replica is down: the
        // informer's resourceVersion is older than what is kept when it watches again.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> watchStatus(port(writer), informer.lastSyncResourceVersion()) == 410);
        start(watchedPort);

        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(informer.getStore().listKeys())
                        .containsExactlyInAnyOrder(
                            "shop/kept",
                            "shop/added-0",
                            "shop/added-1",
                            "shop/added-2",
                            "shop/added-3",
                            "shop/added-4"));
      } finally {
        informer.close();
      }
    }
  }

  private ConfigurableApplicationContext start(int port) {
    return replicas.start("--server.port=" + port, "--ubernetes.watch.history=2s");
  }

  private static int watchStatus(int port, String resourceVersion) {
    try (WatchConnection watch =
        WatchConnection.open(
            port,
            "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads?watch=true&resourceVersion="
                + resourceVersion
                + "&timeoutSeconds=1")) {
      return watch.status();
    }
  }

  private static final class Ignored implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource obj) {}

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {}

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {}
  }
}
