package io.ubernetes.federation.web;

import static io.ubernetes.federation.testing.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A body sent without a Content-Type ({@code kubectl create --raw <path> -f <file>} sends none) is
 * read as JSON, as the Kubernetes API server reads it; a patch still has to say which kind of patch
 * it is.
 */
class UntypedBodyIT extends ApiIntegrationTest {

  @Test
  void aCreateWithoutAContentTypeIsReadAsJson() {
    String workloads =
        "/apis/ubernetes.io/v1/namespaces/" + unique("untyped") + "/federatedworkloads";
    String body =
        """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "web"}, "spec": {"template": %s}}
        """
            .formatted(deployment("nginx"));

    Response created = send("POST", workloads, body);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(api.get(workloads + "/web").status()).isEqualTo(200);
  }

  @Test
  void aPatchWithoutAContentTypeIsStillUnsupported() {
    Response patched = send("PATCH", "/apis/ubernetes.io/v1/memberclusters/absent", "{}");

    assertThat(patched.status()).as(patched.body()).isEqualTo(415);
  }

  private Response send(String method, String path, String body) {
    // No Content-Type at all: the client adds none of its own.
    return api.send(method, path, null, body, "application/json");
  }
}
