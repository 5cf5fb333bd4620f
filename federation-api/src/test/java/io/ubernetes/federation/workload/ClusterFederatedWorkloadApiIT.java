package io.ubernetes.federation.workload;

import static io.ubernetes.federation.testing.Manifests.clusterWorkload;
import static io.ubernetes.federation.testing.Manifests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.WatchConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClusterFederatedWorkloadApiIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1/clusterfederatedworkloads";
  private static final String OLD_PATHS = "/api/v1/clusterworkloads";
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  @Test
  void storesAClusterScopedWorkloadPlacedDuplicatedByDefaultOnBothPaths() {
    String name = unique("tools");

    Response created = api.post(GROUP, clusterWorkload(name));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/kind")).isEqualTo("ClusterFederatedWorkload");
    assertThat(created.json().at("/metadata/namespace").isMissingNode()).isTrue();
    assertThat(created.at("/spec/placement/mode")).isEqualTo("Duplicated");
    assertThat(created.at("/spec/template/kind")).isEqualTo("Namespace");
    assertThat(api.get(OLD_PATHS + "/" + name).json().at("/spec"))
        .isEqualTo(created.json().at("/spec"));
    Response list = api.get(GROUP);
    assertThat(list.at("/kind")).isEqualTo("ClusterFederatedWorkloadList");
    assertThat(list.json().at("/items").valueStream().map(i -> i.at("/metadata/name").asString()))
        .contains(name);
    // A FederatedWorkload list does not show it.
    assertThat(
            api.get("/apis/ubernetes.io/v1/federatedworkloads")
                .json()
                .at("/items")
                .valueStream()
                .map(i -> i.at("/metadata/name").asString()))
        .doesNotContain(name);
  }

  @Test
  void aPlacementItAsksForIsKeptAndDividedWhenItSaysSo() {
    String name = unique("divided");
    String body =
        clusterWorkload(name)
            .replace(
                "\"resources\": [{", "\"placement\": {\"mode\": \"Divided\"}, \"resources\": [{");

    Response created = api.post(GROUP, body);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/spec/placement/mode")).isEqualTo("Divided");
  }

  @Test
  void aPolicyItNamesCannotBeDeleted() {
    String policy = unique("cfw-policy");
    assertThat(api.post("/api/v1/placementpolicies", policy(policy)).status()).isEqualTo(201);
    String name = unique("uses-policy");
    String body =
        clusterWorkload(name)
            .replace(
                "\"resources\": [{",
                "\"placement\": {\"policyRef\": \"" + policy + "\"}, \"resources\": [{");
    assertThat(api.post(GROUP, body).status()).isEqualTo(201);

    Response refused = api.delete("/api/v1/placementpolicies/" + policy);

    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("ClusterFederatedWorkload " + name);
  }

  @Test
  void changesAreWatchedOnEitherPathAndListedAsATable() {
    String name = unique("watched");
    String selector = "?watch=true&fieldSelector=metadata.name%3D" + name;
    try (WatchConnection group = WatchConnection.open(port(), GROUP + selector);
        WatchConnection legacy = WatchConnection.open(port(), OLD_PATHS + selector)) {
      api.post(GROUP, clusterWorkload(name));
      JsonNode table = api.get(GROUP + "/" + name, TABLE).json();
      api.delete(GROUP + "/" + name);

      assertThat(table.at("/kind").asString()).isEqualTo("Table");
      assertThat(table.at("/rows/0/cells")).hasSize(table.at("/columnDefinitions").size());
      for (WatchConnection watch : List.of(group, legacy)) {
        JsonNode added = watch.next();
        JsonNode deleted = watch.next();
        assertThat(added.at("/type").asString()).isEqualTo("ADDED");
        assertThat(added.at("/object/kind").asString()).isEqualTo("ClusterFederatedWorkload");
        assertThat(deleted.at("/type").asString()).isEqualTo("DELETED");
        assertThat(deleted.at("/object/metadata/name").asString()).isEqualTo(name);
      }
    }
  }
}
