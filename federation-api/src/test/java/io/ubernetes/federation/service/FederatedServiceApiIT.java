package io.ubernetes.federation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class FederatedServiceApiIT extends ApiIntegrationTest {
  private static final String SERVICES = "/api/v1/namespaces/shop/services";

  /** Where the refused writes go: nothing may ever be stored there. */
  private static final String REFUSED = "/api/v1/namespaces/refused/services";

  private static final String YAML = "application/yaml";

  @Test
  void storesAServiceOfAWorkloadThatDoesNotExistYetWithDefaults() {
    String name = unique("web");

    Response created = api.post(SERVICES, service(name, "web", "[{\"port\": 80}]"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/kind")).isEqualTo("FederatedService");
    assertThat(created.at("/apiVersion")).isEqualTo("ubernetes.io/v1");
    assertThat(created.at("/metadata/namespace")).isEqualTo("shop");
    assertThat(created.at("/spec/workload")).isEqualTo("web");
    assertThat(created.at("/spec/type")).isEqualTo("ClusterIP");
    assertThat(created.json().at("/spec/ports/0/targetPort").isInt()).isTrue();
    assertThat(created.json().at("/spec/ports/0/targetPort").asInt()).isEqualTo(80);
    assertThat(created.at("/spec/ports/0/protocol")).isEqualTo("TCP");
    assertThat(created.json().at("/spec/ports/0").has("name")).isFalse();
    assertThat(created.json().path("status").isEmpty()).isTrue();
    assertThat(api.get(SERVICES + "/" + name).json()).isEqualTo(created.json());
  }

  @Test
  void keepsNamedTargetPortsAndTheSamePortOverTwoProtocols() {
    String name = unique("dns");
    String ports =
        """
        [{"name": "dns", "port": 53, "targetPort": "dns-udp", "protocol": "UDP"},
         {"name": "dns-tcp", "port": 53, "targetPort": 5353}]
        """;

    Response created = api.post(SERVICES, service(name, "resolver", ports, "Headless"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/spec/type")).isEqualTo("Headless");
    assertThat(created.json().at("/spec/ports/0/targetPort").isString()).isTrue();
    assertThat(created.at("/spec/ports/0/targetPort")).isEqualTo("dns-udp");
    assertThat(created.json().at("/spec/ports/1/targetPort").asInt()).isEqualTo(5353);
    assertThat(created.at("/spec/ports/1/protocol")).isEqualTo("TCP");
  }

  @Test
  void listsReplacesPatchesAndDeletes() {
    String label = unique("team");
    String first = unique("api");
    String second = unique("api");
    for (String name : new String[] {first, second}) {
      Response created = api.post(SERVICES, labelled(name, label));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    Response duplicate = api.post(SERVICES, labelled(first, label));

    Response list = api.get(SERVICES + "?labelSelector=team%3D" + label);
    JsonNode stored = api.get(SERVICES + "/" + first).json();
    String replacement =
        stored.toString().replace("\"workload\":\"api\"", "\"workload\":\"api-v2\"");
    Response replaced = api.put(SERVICES + "/" + first, replacement);
    Response stale = api.put(SERVICES + "/" + first, replacement);
    Response merged =
        api.mergePatch(SERVICES + "/" + first, "{\"spec\": {\"type\": \"LoadBalancer\"}}");
    Response patched =
        api.jsonPatch(
            SERVICES + "/" + first,
            "[{\"op\": \"replace\", \"path\": \"/spec/ports/0/port\", \"value\": 8443}]");
    Response deleted = api.delete(SERVICES + "/" + first);

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(list.at("/kind")).isEqualTo("FederatedServiceList");
    assertThat(list.json().at("/items").valueStream().map(i -> i.at("/metadata/name").asString()))
        .containsExactly(first, second);
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.at("/spec/workload")).isEqualTo("api-v2");
    assertThat(replaced.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.contentType()).startsWith("application/problem+json");
    assertThat(merged.status()).as(merged.body()).isEqualTo(200);
    assertThat(merged.at("/spec/type")).isEqualTo("LoadBalancer");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().at("/spec/ports/0/port").asInt()).isEqualTo(8443);
    assertThat(patched.json().at("/spec/ports/0/targetPort").asInt())
        .as("the default was stored: it does not follow the port")
        .isEqualTo(443);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.at("/spec/type")).isEqualTo("LoadBalancer");
    assertThat(api.get(SERVICES + "/" + first).status()).isEqualTo(404);
    assertThat(api.get(SERVICES + "/" + second).status()).isEqualTo(200);
  }

  @Test
  void createsFromYamlAndAnswersInYaml() throws Exception {
    String name = unique("yaml");
    String body =
        """
        apiVersion: ubernetes.io/v1
        kind: FederatedService
        metadata:
          name: %s
        spec:
          workload: web
          type: LoadBalancer
          ports:
            - {name: https, port: 443, targetPort: https}
            - {name: http, port: 80, targetPort: 8080}
        """
            .formatted(name);

    Response created = api.send("POST", SERVICES, YAML, body, YAML);
    Response read = api.get(SERVICES + "/" + name, YAML);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.contentType()).startsWith(YAML);
    JsonNode yaml = YAMLMapper.builder().build().readTree(read.body());
    assertThat(yaml.at("/metadata/name").asString()).isEqualTo(name);
    assertThat(yaml.at("/spec/type").asString()).isEqualTo("LoadBalancer");
    assertThat(yaml.at("/spec/ports/0/targetPort").asString()).isEqualTo("https");
    assertThat(yaml.at("/spec/ports/1/targetPort").asInt()).isEqualTo(8080);
  }

  @Test
  void aRefusedUpdateChangesNothing() {
    String name = unique("kept");
    Response created = api.post(SERVICES, service(name, "web", "[{\"port\": 80}]"));

    Response badPatch =
        api.mergePatch(SERVICES + "/" + name, "{\"spec\": {\"ports\": [{\"port\": 0}]}}");
    Response badType =
        api.mergePatch(SERVICES + "/" + name, "{\"spec\": {\"type\": \"NodePort\"}}");
    String replacement =
        created.json().toString().replace("\"workload\":\"web\"", "\"workload\":\"Not A Name\"");
    Response badReplace = api.put(SERVICES + "/" + name, replacement);

    assertThat(badPatch.status()).isEqualTo(422);
    assertThat(badPatch.errorFields()).containsExactly("spec.ports[0].port");
    assertThat(badType.status()).isEqualTo(422);
    assertThat(badType.errorFields()).containsExactly("spec.type");
    assertThat(badReplace.status()).isEqualTo(422);
    assertThat(badReplace.errorFields()).containsExactly("spec.workload");
    assertThat(api.get(SERVICES + "/" + name).json()).isEqualTo(created.json());
  }

  // spotless:off
  static Stream<Arguments> refusals() {
    return Stream.of(
        // Names: a Service name and a DNS label in every member cluster.
        argumentSet("name starting with a digit", named("1web"), 422, "metadata.name"),
        argumentSet("name with a dot", named("web.v1"), 422, "metadata.name"),
        argumentSet("name in upper case", named("Web"), 422, "metadata.name"),
        argumentSet("name longer than a DNS label", named("w".repeat(64)), 422, "metadata.name"),
        // The spec and the workload it fronts.
        argumentSet("no spec", "{\"metadata\": {\"name\": \"never-created\"}}", 422, "spec"),
        argumentSet("no workload", spec("{\"ports\": [{\"port\": 80}]}"), 422, "spec.workload"),
        argumentSet("workload that is no name", spec("{\"workload\": \"Web_1\", \"ports\": [{\"port\": 80}]}"), 422, "spec.workload"),
        // Ports.
        argumentSet("no ports", spec("{\"workload\": \"web\"}"), 422, "spec.ports"),
        argumentSet("empty ports", ports("[]"), 422, "spec.ports"),
        argumentSet("101 ports", ports(manyPorts(101)), 422, "spec.ports"),
        argumentSet("port missing", ports("[{\"targetPort\": 8080}]"), 422, "spec.ports[0].port"),
        argumentSet("port 0", ports("[{\"port\": 0}]"), 422, "spec.ports[0].port"),
        argumentSet("port 65536", ports("[{\"port\": 65536}]"), 422, "spec.ports[0].port"),
        argumentSet("port as a string", ports("[{\"port\": \"80\"}]"), 422, "spec.ports[0].port"),
        argumentSet("unnamed second port", ports("[{\"name\": \"http\", \"port\": 80}, {\"port\": 443}]"), 422, "spec.ports[1].name"),
        argumentSet("port name in upper case", ports("[{\"name\": \"HTTP\", \"port\": 80}]"), 422, "spec.ports[0].name"),
        argumentSet("port name of 16 characters", ports("[{\"name\": \"" + "a".repeat(16) + "\", \"port\": 80}]"), 422, "spec.ports[0].name"),
        argumentSet("port name without a letter", ports("[{\"name\": \"8080\", \"port\": 80}]"), 422, "spec.ports[0].name"),
        argumentSet("port name with a double dash", ports("[{\"name\": \"grpc--web\", \"port\": 80}]"), 422, "spec.ports[0].name"),
        argumentSet("duplicate port name", ports("[{\"name\": \"http\", \"port\": 80}, {\"name\": \"http\", \"port\": 81}]"), 422, "spec.ports[1].name"),
        argumentSet("duplicate port and protocol", ports("[{\"name\": \"a\", \"port\": 80}, {\"name\": \"b\", \"port\": 80, \"protocol\": \"TCP\"}]"), 422, "spec.ports[1]"),
        argumentSet("target port 0", ports("[{\"port\": 80, \"targetPort\": 0}]"), 422, "spec.ports[0].targetPort"),
        argumentSet("target port 70000", ports("[{\"port\": 80, \"targetPort\": 70000}]"), 422, "spec.ports[0].targetPort"),
        argumentSet("target port name that is no port name", ports("[{\"port\": 80, \"targetPort\": \"Web_Port\"}]"), 422, "spec.ports[0].targetPort"),
        argumentSet("target port as a boolean", ports("[{\"port\": 80, \"targetPort\": true}]"), 422, "spec.ports[0].targetPort"),
        argumentSet("target port as a fraction", ports("[{\"port\": 80, \"targetPort\": 80.5}]"), 422, "spec.ports[0].targetPort"),
        argumentSet("protocol in lower case", ports("[{\"port\": 80, \"protocol\": \"tcp\"}]"), 422, "spec.ports[0].protocol"),
        argumentSet("unknown protocol", ports("[{\"port\": 80, \"protocol\": \"HTTP\"}]"), 422, "spec.ports[0].protocol"),
        argumentSet("unknown port field", ports("[{\"port\": 80, \"nodePort\": 30080}]"), 422, "spec.ports[0].nodePort"),
        // The type.
        argumentSet("unknown type", spec("{\"workload\": \"web\", \"ports\": [{\"port\": 80}], \"type\": \"NodePort\"}"), 422, "spec.type"),
        argumentSet("type in the wrong case", spec("{\"workload\": \"web\", \"ports\": [{\"port\": 80}], \"type\": \"clusterip\"}"), 422, "spec.type"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesWithAProblemNamingTheField(String body, int status, String field) {
    Response response = api.post(REFUSED, body);

    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("status").asInt()).isEqualTo(status);
    assertThat(response.errorFields()).as(response.body()).contains(field);
  }

  @Test
  void namesEveryBrokenRuleAtOnce() {
    Response response =
        api.post(
            REFUSED,
            """
            {"metadata": {"name": "2fast"},
             "spec": {"workload": "Web", "ports": [{"port": 0, "protocol": "tcp"}, {"port": 80}]}}
            """);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.errorFields())
        .containsExactlyInAnyOrder(
            "metadata.name",
            "spec.workload",
            "spec.ports[0].name",
            "spec.ports[0].port",
            "spec.ports[0].protocol",
            "spec.ports[1].name");
  }

  @AfterEach
  void nothingWasStoredWhereWritesAreRefused() {
    Response refused = api.get(REFUSED);
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.json().path("items").isEmpty()).as(refused.body()).isTrue();
  }

  private static String service(String name, String workload, String ports) {
    return service(name, workload, ports, null);
  }

  private static String service(String name, String workload, String ports, String type) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedService",
         "metadata": {"name": "%s"},
         "spec": {"workload": "%s", "ports": %s%s}}
        """
        .formatted(name, workload, ports, type == null ? "" : ", \"type\": \"" + type + "\"");
  }

  private static String labelled(String name, String team) {
    return """
        {"metadata": {"name": "%s", "labels": {"team": "%s"}},
         "spec": {"workload": "api", "ports": [{"name": "https", "port": 443}]}}
        """
        .formatted(name, team);
  }

  private static String named(String name) {
    return service(name, "web", "[{\"port\": 80}]");
  }

  private static String spec(String spec) {
    return "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": " + spec + "}";
  }

  private static String ports(String ports) {
    return spec("{\"workload\": \"web\", \"ports\": " + ports + "}");
  }

  private static String manyPorts(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> "{\"name\": \"p" + i + "\", \"port\": " + i + "}")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
