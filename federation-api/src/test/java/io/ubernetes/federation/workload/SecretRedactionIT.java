package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.testing.WatchConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Secrets in a workload's resources: stored as given, never logged, redacted for viewers. */
@ExtendWith(OutputCaptureExtension.class)
class SecretRedactionIT extends ApiIntegrationTest {

  @Test
  void viewersReadSecretsRedactedOperatorsAsStored(CapturedOutput output) {
    String ns = unique("secrets");
    String name = unique("db");
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"template": %s,
                  "resources": [
                    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
                     "data": {"password": "aHVudGVyMi1zM2NyZXQ="},
                     "stringData": {"token": "plain-s3cret-value"}},
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
                     "data": {"mode": "fast"}}]}}
        """
            .formatted(name, Manifests.deployment("nginx:1.27"));
    Response created = api.post("/api/v1/namespaces/" + ns + "/workloads", body);
    ApiClient viewer = api.withToken(token("viewer"));
    ApiClient operator = api.withToken(token("operator"));

    Response asViewer = viewer.get("/api/v1/namespaces/" + ns + "/workloads/" + name);
    Response listed = viewer.get("/api/v1/namespaces/" + ns + "/workloads");
    Response all = viewer.get("/api/v1/workloads?labelSelector=");
    Response asOperator = operator.get("/api/v1/namespaces/" + ns + "/workloads/" + name);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(asViewer.at("/spec/resources/0/data/password")).isEqualTo("<redacted>");
    assertThat(asViewer.at("/spec/resources/0/stringData/token")).isEqualTo("<redacted>");
    assertThat(asViewer.at("/spec/resources/1/data/mode")).isEqualTo("fast");
    assertThat(listed.body()).doesNotContain("aHVudGVyMi1zM2NyZXQ=").contains("<redacted>");
    assertThat(all.body()).doesNotContain("aHVudGVyMi1zM2NyZXQ=").doesNotContain("plain-s3cret");
    assertThat(asOperator.at("/spec/resources/0/data/password")).isEqualTo("aHVudGVyMi1zM2NyZXQ=");
    assertThat(output.getAll())
        .doesNotContain("aHVudGVyMi1zM2NyZXQ=")
        .doesNotContain("plain-s3cret");
  }

  @Test
  void viewersWatchSecretsRedactedToo() {
    String ns = unique("watched-secrets");
    String name = unique("db");
    String secret =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
         "data": {"password": "d2F0Y2hlZC1zM2NyZXQ="}}
        """;
    String viewer = token("viewer");
    try (WatchConnection watch =
        WatchConnection.open(
            port(),
            "/apis/ubernetes.io/v1/namespaces/" + ns + "/federatedworkloads?watch=true",
            viewer)) {
      Response created =
          api.post(
              "/api/v1/namespaces/" + ns + "/workloads",
              "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s, \"resources\": [%s]}}"
                  .formatted(name, Manifests.deployment("nginx:1.27"), secret));
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      JsonNode added = watch.nextChange();
      assertThat(added.at("/type").asString()).isEqualTo("ADDED");
      assertThat(added.at("/object/spec/resources/0/data/password").asString())
          .isEqualTo("<redacted>");
    }
  }

  private String token(String role) {
    return api.issueToken(unique(role), role, List.of());
  }
}
