package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Client-side {@code kubectl apply} as kubectl 1.35 sends it for a kind without strategic merge: a
 * POST carrying the last-applied-configuration annotation, then JSON merge patches computed three
 * ways, with {@code fieldManager=kubectl-client-side-apply&fieldValidation=Strict}; and {@code
 * kubectl patch}'s default strategic merge patch, refused as for custom resources.
 */
class ClientSideApplyIT extends ApiIntegrationTest {
  private static final String QUERY =
      "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";

  private static String policy(String name, String lastApplied) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "PlacementPolicy",
         "metadata": {"name": "%s", "labels": {"team": "web"},
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration": %s}},
         "spec": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                  "burst": {"tiers": ["onprem", "cloud"], "maxUtilization": 0.75}}}
        """
        .formatted(name, lastApplied);
  }

  @Test
  void kubectlsCreateThenThreeWayMergePatchesUpdateAndRemoveFields() {
    String name = unique("csa");
    String path = "/apis/ubernetes.io/v1/placementpolicies";
    Response created = api.post(path + QUERY, policy(name, "\"{\\\"v\\\":1}\""));

    Response patched =
        api.mergePatch(
            path + "/" + name + QUERY,
            """
            {"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\\"v\\":2}"},
                          "labels": {"team": null, "tier": "gold"}},
             "spec": {"burst": null,
                      "clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-west"}}}}
            """);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(
            patched
                .json()
                .at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
                .asString())
        .isEqualTo("{\"v\":2}");
    assertThat(patched.json().at("/metadata/labels").has("team")).isFalse();
    assertThat(patched.at("/metadata/labels/tier")).isEqualTo("gold");
    assertThat(patched.json().at("/spec").has("burst")).isFalse();
    assertThat(patched.at("/spec/clusterSelector/matchLabels/topology.kubernetes.io~1region"))
        .isEqualTo("eu-west");
    assertThat(api.get(path + "/" + name).json().at("/spec").has("burst")).isFalse();
  }

  @Test
  void aStrategicMergePatchIsUnsupportedNamingTheAcceptedMediaTypes() {
    String name = unique("csa");
    api.post("/apis/ubernetes.io/v1/placementpolicies", policy(name, "\"{}\""));

    Response refused =
        api.send(
            "PATCH",
            "/apis/ubernetes.io/v1/placementpolicies/" + name + "?fieldManager=kubectl-patch",
            "application/strategic-merge-patch+json",
            "{\"metadata\": {\"labels\": {\"x\": \"y\"}}}",
            "application/json");

    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.body())
        .contains("UnsupportedMediaType")
        .contains("accepted media types include")
        .contains("application/merge-patch+json")
        .contains("application/json-patch+json");
  }
}
