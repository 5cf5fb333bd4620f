package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * {@code fieldValidation=Strict|Warn|Ignore} on writes, as the Kubernetes API server answers it:
 * unknown fields are refused with 400, dropped with a warning, or dropped; without the parameter
 * the group's paths warn (Kubernetes' default) and the federation's own paths refuse them with the
 * other errors (422), as they always did.
 */
class FieldValidationIT extends ApiIntegrationTest {
  private static String withUnknownField(String name) {
    return workload(name).replace("\"replicas\": 6", "\"replicas\": 6, \"foo\": 1");
  }

  private String workloads(String namespace) {
    return "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads";
  }

  @Test
  void strictRefusesAnUnknownFieldWithAStrictDecodingError() {
    String path = workloads(unique("fv"));

    Response refused = api.post(path + "?fieldValidation=Strict", withUnknownField(unique("web")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("strict decoding error: unknown field \\\"spec.foo\\\"");
  }

  @Test
  void warnDropsAnUnknownFieldAndSaysSoInAWarningHeader() {
    String path = workloads(unique("fv"));

    Response created = api.post(path + "?fieldValidation=Warn", withUnknownField(unique("web")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).isEqualTo("299 - \"unknown field \\\"spec.foo\\\"\"");
    assertThat(created.json().at("/spec").has("foo")).isFalse();
  }

  @Test
  void ignoreDropsAnUnknownFieldSilently() {
    String path = workloads(unique("fv"));

    Response created = api.post(path + "?fieldValidation=Ignore", withUnknownField(unique("web")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).isNull();
    assertThat(created.json().at("/spec").has("foo")).isFalse();
  }

  @Test
  void withoutTheParameterTheGroupPathsWarnAndTheOwnPathsRefuseAsBefore() {
    String namespace = unique("fv");

    Response group = api.post(workloads(namespace), withUnknownField(unique("web")));
    Response own =
        api.post("/api/v1/namespaces/" + namespace + "/workloads", withUnknownField(unique("web")));

    assertThat(group.status()).as(group.body()).isEqualTo(201);
    assertThat(group.header("Warning")).contains("spec.foo");
    assertThat(own.status()).isEqualTo(422);
    assertThat(own.body()).contains("spec.foo");
  }

  @Test
  void patchesAndReplacementsFollowTheSameRules() {
    String namespace = unique("fv");
    String name = unique("web");
    Response created = api.post(workloads(namespace), workload(name));
    String path = workloads(namespace) + "/" + name;

    Response strictPatch =
        api.mergePatch(path + "?fieldValidation=Strict", "{\"spec\": {\"bar\": true}}");
    Response warnedPatch =
        api.mergePatch(
            path + "?fieldValidation=Warn", "{\"spec\": {\"bar\": true, \"replicas\": 2}}");
    String replacement = api.get(path).body().replace("\"replicas\":2", "\"replicas\":3,\"baz\":1");
    Response strictPut = api.put(path + "?fieldValidation=Strict", replacement);

    assertThat(created.status()).isEqualTo(201);
    assertThat(strictPatch.status()).isEqualTo(400);
    assertThat(strictPatch.body()).contains("unknown field \\\"spec.bar\\\"");
    assertThat(warnedPatch.status()).as(warnedPatch.body()).isEqualTo(200);
    assertThat(warnedPatch.header("Warning")).contains("spec.bar");
    assertThat(warnedPatch.at("/spec/replicas")).isEqualTo("2");
    assertThat(strictPut.status()).isEqualTo(400);
    assertThat(strictPut.body()).contains("spec.baz");
  }

  @Test
  void anUnknownFieldValidationIsRefusedNamingTheParameter() {
    Response refused =
        api.post(workloads(unique("fv")) + "?fieldValidation=Lenient", workload(unique("web")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("fieldValidation");
  }

  /** A workload whose spec sets replicas twice, 6 then 2: Go's decoder keeps the last. */
  private static String withDuplicateField(String name) {
    return workload(name).replace("\"replicas\": 6", "\"replicas\": 6, \"replicas\": 2");
  }

  private static String yamlWithDuplicateField(String name) {
    return """
        apiVersion: ubernetes.io/v1
        kind: FederatedWorkload
        metadata:
          name: %s
          labels:
            app: web
            app: api
        spec:
          replicas: 2
          template: %s
        """
        .formatted(
            name, io.ubernetes.federation.testing.Manifests.deployment("nginx:1.27").strip());
  }

  @Test
  void aDuplicateFieldIsAStrictDecodingErrorUnderStrictNamingTheField() {
    String path = workloads(unique("fv"));

    Response json = api.post(path + "?fieldValidation=Strict", withDuplicateField(unique("web")));
    Response yaml =
        api.send(
            "POST",
            path + "?fieldValidation=Strict",
            "application/yaml",
            yamlWithDuplicateField(unique("web")),
            "application/json");

    assertThat(json.status()).as(json.body()).isEqualTo(400);
    assertThat(json.body())
        .contains("strict decoding error: duplicate field \\\"spec.replicas\\\"");
    assertThat(yaml.status()).as(yaml.body()).isEqualTo(400);
    assertThat(yaml.body()).contains("duplicate field \\\"metadata.labels.app\\\"");
  }

  @Test
  void warnTakesTheLastValueOfADuplicateFieldAndSaysSoInAWarningHeader() {
    String path = workloads(unique("fv"));

    Response json = api.post(path + "?fieldValidation=Warn", withDuplicateField(unique("web")));
    Response yaml =
        api.send(
            "POST",
            path + "?fieldValidation=Warn",
            "application/yaml",
            yamlWithDuplicateField(unique("web")),
            "application/json");

    assertThat(json.status()).as(json.body()).isEqualTo(201);
    assertThat(json.header("Warning")).isEqualTo("299 - \"duplicate field \\\"spec.replicas\\\"\"");
    assertThat(json.at("/spec/replicas")).isEqualTo("2");
    assertThat(yaml.status()).as(yaml.body()).isEqualTo(201);
    assertThat(yaml.header("Warning")).contains("metadata.labels.app");
    assertThat(yaml.at("/metadata/labels/app")).isEqualTo("api");
  }

  @Test
  void ignoreTakesTheLastValueOfADuplicateFieldSilentlyAndTheOwnPathsRefuseIt() {
    String namespace = unique("fv");

    Response ignored =
        api.post(
            workloads(namespace) + "?fieldValidation=Ignore", withDuplicateField(unique("web")));
    Response own =
        api.post(
            "/api/v1/namespaces/" + namespace + "/workloads", withDuplicateField(unique("web")));

    assertThat(ignored.status()).as(ignored.body()).isEqualTo(201);
    assertThat(ignored.header("Warning")).isNull();
    assertThat(ignored.at("/spec/replicas")).isEqualTo("2");
    assertThat(own.status()).as(own.body()).isBetween(400, 422);
    assertThat(own.body()).contains("spec.replicas");
  }
}
