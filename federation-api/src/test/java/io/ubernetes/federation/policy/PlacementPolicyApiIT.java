package io.ubernetes.federation.policy;

import static io.ubernetes.federation.testing.Manifests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

class PlacementPolicyApiIT extends ApiIntegrationTest {

  @Test
  void createsAPolicyWithBurstDefaults() {
    String name = unique("cloudburst");

    Response created = api.post("/api/v1/placementpolicies", policy(name));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.at("/kind")).isEqualTo("PlacementPolicy");
    assertThat(created.json().at("/spec/burst/maxUtilization").asDouble()).isEqualTo(0.75);
    assertThat(created.json().at("/spec/burst/scaleBackAfterSeconds").asInt()).isEqualTo(300);
    assertThat(created.at("/spec/mode")).isEqualTo("Divided");
  }

  @Test
  void aPolicyCannotReferToAnotherPolicy() {
    Response refused =
        api.post(
            "/api/v1/placementpolicies",
            "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"policyRef\": \"other\"}}"
                .formatted(unique("p")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.errorFields()).containsExactly("spec.policyRef");
  }

  @Test
  void updatesAndDeletesAnUnusedPolicy() {
    String name = unique("policy");
    api.post("/api/v1/placementpolicies", policy(name));

    Response updated =
        api.mergePatch("/api/v1/placementpolicies/" + name, "{\"spec\": {\"maxClusters\": 3}}");
    Response deleted = api.delete("/api/v1/placementpolicies/" + name);

    assertThat(updated.json().at("/spec/maxClusters").asInt()).isEqualTo(3);
    assertThat(updated.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/placementpolicies/" + name).status()).isEqualTo(404);
  }
}
