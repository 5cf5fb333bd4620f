package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.sandbox.Kubectl.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kubectl ubernetes}, installed as a user installs it (the launcher and its jar in a
 * directory on the PATH), run through the real kubectl 1.35's plugin discovery against the sandbox
 * with its default four clusters, with nothing but the kubeconfig the federation wrote.
 */
class KubectlPluginE2E {
  private static final Set<String> EU = Set.of("onprem-fra", "aws-eu-west", "gcp-eu-north");
  private static final String WORKLOAD = "eu-shop";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  @TempDir static Path home;
  @TempDir static Path bin;
  private static ConfigurableApplicationContext sandbox;
  private static Kubectl kubectl;
  private static InstalledPlugin installed;

  @BeforeAll
  static void start() throws IOException {
    KubectlBinary.kubectl();
    // A cluster cut off turns Unknown within seconds, for doctor to name it.
    sandbox = InstalledPlugin.sandbox(data, "--ubernetes.agents.heartbeat-timeout=5s");
    kubectl = new Kubectl(data.resolve("kubeconfig"), home);
    installed = InstalledPlugin.install(bin, kubectl);
    Result created =
        kubectl.withInput(
            KubectlE2E.manifest(WORKLOAD, 4, null, KubectlE2E.IN_THE_EU), "apply", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Result ready = kubectl.run("wait", "fw/" + WORKLOAD, "--for=condition=Ready", "--timeout=120s");
    assertThat(ready.exitCode()).as(ready.toString()).isZero();
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static Result plugin(String... args) {
    return installed.run(args);
  }

  @Test
  void kubectlPluginListFindsTheLauncherAndItPrintsItsVersion() {
    Result list = kubectl.run(installed.environment, null, "plugin", "list");
    Result version = plugin("--version");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains(bin.resolve("kubectl-ubernetes").toString());
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).matches("kubectl-ubernetes \\d+\\.\\d+\\.\\d+\\S*\\s*");
  }

  @Test
  void topClustersShowsTheFourClustersReadyWithTheirLocationAndResources() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Result json = plugin("top", "clusters", "-o", "json");
              assertThat(json.exitCode()).as(json.toString()).isZero();
              JsonNode clusters = JSON.readTree(json.out()).path("clusters");
              assertThat(clusters).hasSize(4);
              for (JsonNode cluster : clusters) {
                assertThat(cluster.path("health").asString()).isEqualTo("Ready");
                assertThat(cluster.path("cpu").path("allocatable").asDouble()).isPositive();
                assertThat(cluster.path("agentVersion").asString()).isNotBlank();
                assertThat(cluster.path("cordoned").asBoolean()).isFalse();
              }
            });
    Result table = plugin("top", "clusters");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .startsWith("NAME")
        .contains("REGION", "ZONE", "TIER", "HEALTH", "CPU(USED/FREE)", "HEARTBEAT", "CORDONED");
    assertThat(table.out())
        .containsPattern("onprem-fra\\s+eu-central\\s+\\S+\\s+onprem\\s+Ready")
        .containsPattern("aws-eu-west\\s+eu-west\\s+\\S+\\s+cloud\\s+Ready")
        .containsPattern("gcp-eu-north\\s+eu-north\\s+\\S+\\s+cloud\\s+Ready")
        .containsPattern("aws-us-east\\s+us-east\\s+\\S+\\s+cloud\\s+Ready");
  }

  @Test
  void whereShowsTheWorkloadsReplicasInEuClustersOnly() throws Exception {
    Result json = plugin("where", WORKLOAD, "-n", "default", "-o", "json");
    Result table = plugin("where", WORKLOAD);

    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode placed = JSON.readTree(json.out());
    assertThat(placed.path("name").asString()).isEqualTo(WORKLOAD);
    assertThat(placed.path("desiredReplicas").asInt()).isEqualTo(4);
    int replicas = 0;
    for (JsonNode share : placed.path("clusters")) {
      assertThat(share.path("cluster").asString()).isIn(EU);
      replicas += share.path("replicas").asInt();
    }
    assertThat(replicas).isEqualTo(4);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).startsWith("CLUSTER").doesNotContain("aws-us-east");
    assertThat(table.out().lines().findFirst().orElseThrow()).contains("POD STATES");
    for (JsonNode share : placed.path("clusters")) {
      assertThat(table.out())
          .containsPattern(
              share.path("cluster").asString() + "\\s+" + share.path("replicas").asInt() + "\\s+");
      // The member's own pods, as its agent reports them: all ready once the workload is.
      assertThat(share.path("podStates").asString())
          .isEqualTo(share.path("replicas").asInt() + " Ready");
    }
  }

  @Test
  void doctorFindsTheHealthySandboxAllOkThenNamesAClusterCutOffAndExitsOne() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Result healthy = plugin("doctor");
              assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
              assertThat(healthy.out())
                  .as(healthy.toString())
                  .containsPattern("All \\d+ checks OK.");
            });
    Result json = plugin("doctor", "-o", "json");
    assertThat(JSON.readTree(json.out()).path("findings").findValuesAsString("check"))
        .contains("service", "cluster", "agent-clock", "tls", "token", "dns", "workload");

    Sandbox fleet =
        sandbox.getBean(SandboxRunner.class).sandbox(Duration.ofSeconds(30)).orElseThrow();
    fleet.partition("gcp-eu-north");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                Result cutOff = plugin("doctor");
                assertThat(cutOff.exitCode()).as(cutOff.toString()).isEqualTo(1);
                assertThat(cutOff.out())
                    .containsPattern(
                        "FAIL +cluster +gcp-eu-north: Ready=Unknown for \\S+ \\(HeartbeatTimeout")
                    .containsPattern("OK +cluster +3 of 4 clusters Ready")
                    .contains("-n ubernetes-system logs -l app.kubernetes.io/name=member-agent");
              });
    } finally {
      fleet.heal("gcp-eu-north");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(plugin("doctor").exitCode()).isZero());
  }

  @Test
  void explainNamesTheChosenClustersAndTheRejectedOneWithWhy() throws Exception {
    Result text = plugin("explain", WORKLOAD);
    Result yaml = plugin("explain", WORKLOAD, "-o", "yaml");
    Result json = plugin("explain", WORKLOAD, "-o", "json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("Workload:   default/" + WORKLOAD)
        .contains("Outcome:    PLACED")
        .contains("Chosen clusters:")
        .contains("Rejected clusters:")
        .containsPattern("aws-us-east\\s+region not in \\[eu-central, eu-west, eu-north]")
        .contains("Conditions:")
        .containsPattern("Ready\\s+True");
    assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
    assertThat(yaml.out()).contains("outcome: PLACED").contains("cluster: aws-us-east");
    JsonNode explanation = JSON.readTree(json.out());
    assertThat(explanation.path("rejected").findValuesAsString("cluster")).contains("aws-us-east");
    int chosen = 0;
    for (JsonNode cluster : explanation.path("chosen")) {
      assertThat(cluster.path("cluster").asString()).isIn(EU);
      assertThat(cluster.path("cost").path("price").isNumber()).isTrue();
      chosen += cluster.path("replicas").asInt();
    }
    assertThat(chosen).isEqualTo(4);
  }

  @Test
  void explainListsTheDnsNamesOfAServiceThatSelectsTheWorkloadAsItsStatusGivesThem() {
    Result applied =
        kubectl.withInput(
            """
            apiVersion: ubernetes.io/v1
            kind: FederatedService
            metadata: {name: eu-front}
            spec: {workload: %s, ports: [{name: http, port: 80}]}
            """
                .formatted(WORKLOAD),
            "apply",
            "-f",
            "-");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();

    // Once every cluster that runs the workload has reported the Service, its names stay put.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Result service = kubectl.run("get", "federatedservices", "eu-front", "-o", "json");
              assertThat(service.exitCode()).as(service.toString()).isZero();
              JsonNode names = JSON.readTree(service.out()).at("/status/dnsNames");
              assertThat(names.size()).as("names below the global one").isGreaterThan(1);
              Result json = plugin("explain", WORKLOAD, "-o", "json");
              assertThat(json.exitCode()).as(json.toString()).isZero();
              JsonNode explained = JSON.readTree(json.out()).path("services");
              assertThat(explained.findValuesAsString("service")).containsExactly("eu-front");
              assertThat(explained.get(0).path("dnsNames")).isEqualTo(names);
            });
    Result text = plugin("explain", WORKLOAD);
    assertThat(text.out())
        .contains("DNS names:")
        .containsPattern("eu-front\\s+eu-front\\.default\\.federation\\.svc\\.ubernetes\\.local");
  }

  @Test
  void aMissingWorkloadExitsThreeAndABadFlagTwo() {
    Result missing = plugin("where", "no-such-workload");
    Result explainMissing = plugin("explain", "no-such-workload", "-o", "json");
    Result badFlag = plugin("where", WORKLOAD, "--no-such-flag");
    Result badFormat = plugin("top", "clusters", "-o", "xml");

    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
    assertThat(missing.err()).contains("no-such-workload").contains("not found");
    assertThat(missing.out()).isEmpty();
    assertThat(explainMissing.exitCode()).as(explainMissing.toString()).isEqualTo(3);
    assertThat(badFlag.exitCode()).as(badFlag.toString()).isEqualTo(2);
    assertThat(badFlag.err()).contains("--no-such-flag");
    assertThat(badFormat.exitCode()).as(badFormat.toString()).isEqualTo(2);
  }
}
