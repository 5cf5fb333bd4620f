package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

/** A workload's placement on the group's path is the decision the old path serves. */
class PlacementSubresourceIT extends SchedulingIntegrationTest {

  @Test
  void theGroupPathServesTheStoredPlacementOfAWorkload() {
    cluster(run + "-a", "eu-west", "cloud", 8, 0.02);
    workload("shop", run + "-web", 3, placement(""));
    String group =
        "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/" + run + "-web/placement";

    Response before = api.get(group);
    schedule();
    Response placed = api.get(group);
    Response legacy = api.get("/api/v1/namespaces/shop/workloads/" + run + "-web/placement");

    assertThat(before.status()).isEqualTo(404);
    assertThat(before.at("/kind")).isEqualTo("Status");
    assertThat(before.at("/reason")).isEqualTo("NotFound");
    assertThat(before.at("/message")).startsWith("WorkloadPlacement ").contains("not placed yet");
    assertThat(placed.status()).as(placed.body()).isEqualTo(200);
    assertThat(placed.at("/kind")).isEqualTo("WorkloadPlacement");
    assertThat(placed.json().at("/replicas/" + run + "-a").asInt()).isEqualTo(3);
    assertThat(placed.json()).isEqualTo(legacy.json());
  }
}
