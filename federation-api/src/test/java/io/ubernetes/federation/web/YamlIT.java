package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class YamlIT extends ApiIntegrationTest {
  private static final String YAML = "application/yaml";
  private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

  @Test
  void createsFromYamlAndAnswersInYaml() {
    String name = unique("yaml");
    String body =
        """
        apiVersion: ubernetes.io/v1
        kind: FederatedWorkload
        metadata:
          name: %s
          labels:
            build: "123"
            canary: "true"
        spec:
          replicas: 4
          template:
            apiVersion: apps/v1
            kind: Deployment
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
          placement:
            clusterSelector:
              matchLabels:
                topology.kubernetes.io/region: eu-central
        """
            .formatted(name);

    Response created = api.send("POST", "/api/v1/namespaces/shop/workloads", YAML, body, YAML);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.contentType()).startsWith(YAML);
    JsonNode yaml = MAPPER.readTree(created.body());
    assertThat(yaml.at("/metadata/name").asString()).isEqualTo(name);
    assertThat(yaml.at("/metadata/labels/build").isString()).isTrue();
    assertThat(yaml.at("/metadata/labels/canary").isString()).isTrue();
    assertThat(yaml.at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(yaml.at("/spec/template/spec/template/spec/containers/0/image").asString())
        .isEqualTo("nginx:1.27");
  }

  @Test
  void readsAndListsInYamlAndReplacesFromYaml() {
    String name = unique("yaml-cluster");
    api.send(
        "POST",
        "/api/v1/clusters",
        YAML,
        "metadata:\n  name: %s\nspec:\n  region: eu-west\n".formatted(name),
        YAML);

    Response read = api.get("/api/v1/clusters/" + name, YAML);
    JsonNode cluster = MAPPER.readTree(read.body());
    String replacement = read.body().replace("region: eu-west", "region: eu-north");
    Response replaced = api.send("PUT", "/api/v1/clusters/" + name, YAML, replacement, YAML);
    Response list =
        api.get("/api/v1/clusters?labelSelector=topology.kubernetes.io/region%3Deu-north", YAML);

    assertThat(read.contentType()).startsWith(YAML);
    assertThat(cluster.at("/spec/region").asString()).isEqualTo("eu-west");
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(MAPPER.readTree(replaced.body()).at("/spec/region").asString())
        .isEqualTo("eu-north");
    assertThat(MAPPER.readTree(list.body()).at("/kind").asString()).isEqualTo("MemberClusterList");
    assertThat(
            MAPPER
                .readTree(list.body())
                .at("/items")
                .valueStream()
                .map(i -> i.at("/metadata/name").asString()))
        .contains(name);
  }

  @Test
  void problemsAreJsonEvenWhenYamlWasAsked() {
    Response problem =
        api.send("POST", "/api/v1/clusters", YAML, "metadata:\n  name: Bad_Name\nspec: {}\n", YAML);

    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.contentType()).startsWith("application/problem+json");
    assertThat(problem.errorFields()).containsExactly("metadata.name");
  }
}
