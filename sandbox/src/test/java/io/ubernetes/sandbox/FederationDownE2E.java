package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.EU_ONLY;
import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static io.ubernetes.sandbox.FleetHarness.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation service stops for a while: every member keeps its workloads and repairs drift,
 * nothing is deleted, and after the restart everything converges with nothing lost or doubled.
 */
class FederationDownE2E {
  @TempDir static Path data;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void membersKeepEverythingWhileTheFederationIsDownAndConvergeAfter() {
    List<String> names = List.of("down-a", "down-b", "down-c");
    for (String name : names) {
      assertThat(
              fleet
                  .api
                  .post("/api/v1/namespaces/shop/workloads", workload(name, 3, EU_ONLY))
                  .status())
          .isEqualTo(201);
    }
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                names.stream()
                    .allMatch(n -> fleet.status("shop", n).path("readyReplicas").asInt() == 3));
    Map<String, Integer> before = deployments();

    fleet.stopFederation();
    try {
      // Someone scales a federated Deployment by hand; its agent puts it back, federation or not.
      String cluster = before.keySet().iterator().next().split("/")[0];
      String name = before.keySet().iterator().next().split("/")[1];
      fleet
          .cluster(cluster)
          .client()
          .apps()
          .deployments()
          .inNamespace("shop")
          .withName(name)
          .edit(
              d -> {
                d.getSpec().setReplicas(9);
                return d;
              });
      await()
          .atMost(PATIENCE)
          .until(() -> fleet.replicas(cluster, "shop", name) == before.get(cluster + "/" + name));
      assertThat(deployments()).isEqualTo(before);
    } finally {
      fleet.startFederation();
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String name : names) {
                assertThat(fleet.status("shop", name).path("readyReplicas").asInt()).isEqualTo(3);
              }
            });
    assertThat(deployments()).isEqualTo(before);
    assertThat(fleet.api.get("/api/v1/namespaces/shop/workloads").json().path("items")).hasSize(3);
  }

  /** Every federated Deployment in the fleet, as cluster/name with its replicas. */
  private static Map<String, Integer> deployments() {
    Map<String, Integer> found = new TreeMap<>();
    for (Sandbox.ClusterView view : fleet.sandbox().clusters()) {
      List<Deployment> items =
          new ArrayList<>(
              fleet
                  .cluster(view.name())
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("shop")
                  .withLabel("ubernetes.io/managed-by", "ubernetes")
                  .list()
                  .getItems());
      for (Deployment deployment : items) {
        found.put(
            view.name() + "/" + deployment.getMetadata().getName(),
            deployment.getSpec().getReplicas());
      }
    }
    return found;
  }
}
