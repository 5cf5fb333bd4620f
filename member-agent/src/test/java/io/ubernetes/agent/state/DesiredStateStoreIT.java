package io.ubernetes.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkItem;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DesiredStateStoreIT {
  private static final String NAMESPACE = "ubernetes-system";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void setUp() throws Exception {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.destroy();
  }

  /** Items whose manifests do not compress: hex of random bytes. */
  private static StoredState state(long revision, int items) {
    Random random = new Random(revision);
    List<WorkItem> workItems = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      byte[] noise = new byte[600];
      random.nextBytes(noise);
      Map<String, Object> manifest =
          Map.of(
              "apiVersion",
              "v1",
              "kind",
              "ConfigMap",
              "metadata",
              Map.of("name", "cm-" + i, "namespace", "shop"),
              "data",
              Map.of("noise", HexFormat.of().formatHex(noise), "replicas", 3));
      workItems.add(
          new WorkItem(
              "uid-" + i, "shop", "w" + i, 1, revision, List.of(manifest), null, null, null, null));
    }
    Tombstone gone =
        new Tombstone(
            "uid-gone",
            "shop",
            "gone",
            revision,
            List.of(new ObjectRef("v1", "Service", "shop", "gone")));
    StoredState.Prune prune =
        new StoredState.Prune(
            "shop", "w0", List.of(new ObjectRef("v1", "ConfigMap", "shop", "old")));
    return new StoredState(
        revision,
        workItems,
        List.of(gone),
        List.of(prune),
        List.of(new StoredState.Applied("shop", "w0", revision, 1, 4)));
  }

  private List<ConfigMap> parts() {
    return client
        .configMaps()
        .inNamespace(NAMESPACE)
        .withLabel(DesiredStateStore.PART_LABEL)
        .list()
        .getItems();
  }

  @Test
  void aStateLargerThanOneConfigMapIsSplitAndReadBackWhole() {
    DesiredStateStore store = new DesiredStateStore(client, NAMESPACE, 16 * 1024);
    StoredState large = state(7, 200);

    store.save(large);

    assertThat(parts()).hasSizeGreaterThan(5);
    assertThat(
            client
                .configMaps()
                .inNamespace(NAMESPACE)
                .withName(DesiredStateStore.CONFIG_MAP)
                .get()
                .getData())
        .containsEntry("revision", "7")
        .containsEntry("workloads", "200");
    assertThat(new DesiredStateStore(client, NAMESPACE, 16 * 1024).load()).hasValue(large);
  }

  @Test
  void aSmallStateStaysInOneConfigMapAndLeftoverPartsGo() {
    DesiredStateStore store = new DesiredStateStore(client, NAMESPACE, 16 * 1024);
    store.save(state(7, 200));
    StoredState small = state(8, 2);

    store.save(small);

    assertThat(parts()).isEmpty();
    assertThat(new DesiredStateStore(client, NAMESPACE).load()).hasValue(small);
  }

  @Test
  void savingAnUnchangedStateWritesNothing() {
    DesiredStateStore store = new DesiredStateStore(client, NAMESPACE);
    store.save(state(3, 2));
    String version =
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .withName(DesiredStateStore.CONFIG_MAP)
            .get()
            .getMetadata()
            .getResourceVersion();

    store.save(state(3, 2));

    assertThat(
            client
                .configMaps()
                .inNamespace(NAMESPACE)
                .withName(DesiredStateStore.CONFIG_MAP)
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void aDamagedStateIsNotTrusted() {
    DesiredStateStore store = new DesiredStateStore(client, NAMESPACE, 16 * 1024);
    store.save(state(7, 200));
    ConfigMap part = parts().getFirst();
    part.getBinaryData().put(DesiredStateStore.STATE_KEY, "AAAA");
    client.configMaps().inNamespace(NAMESPACE).resource(part).update();

    assertThat(new DesiredStateStore(client, NAMESPACE, 16 * 1024).load()).isEmpty();
  }
}
