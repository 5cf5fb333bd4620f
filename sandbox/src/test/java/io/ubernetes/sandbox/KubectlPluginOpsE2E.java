package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.sandbox.Kubectl.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The kubectl plugin's verbs that change things, run through the real kubectl 1.35's plugin
 * discovery against the sandbox with its default four clusters, in order: a simulation with a
 * failed cluster (the same placement as the API's own), a drain that empties a cluster and one that
 * names the workload whose residency keeps it there, a staged rollout followed, paused, resumed,
 * approved and undone, and last (so that the rollout has the four clusters it expects) a join that
 * adds a simulated cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlPluginOpsE2E {
  private static final String WORKLOAD = "eu-shop";
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @TempDir static Path data;
  @TempDir static Path home;
  @TempDir static Path bin;
  private static ConfigurableApplicationContext sandbox;
  private static Kubectl kubectl;
  private static InstalledPlugin installed;

  @BeforeAll
  static void start() throws IOException {
    KubectlBinary.kubectl();
    sandbox = InstalledPlugin.sandbox(data);
    kubectl = new Kubectl(data.resolve("kubeconfig"), home);
    installed = InstalledPlugin.install(bin, kubectl);
    apply(KubectlE2E.manifest(WORKLOAD, 4, null, KubectlE2E.IN_THE_EU));
    awaitReady(WORKLOAD);
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

  private static void apply(String manifest) {
    Result applied = kubectl.withInput(manifest, "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
  }

  private static void awaitReady(String workload) {
    Result ready = kubectl.run("wait", "fw/" + workload, "--for=condition=Ready", "--timeout=120s");
    assertThat(ready.exitCode()).as(ready.toString()).isZero();
  }

  /** Replicas per cluster, as {@code where -o json} prints them. */
  private static Map<String, Integer> where(String workload) {
    Result where = plugin("where", workload, "-o", "json");
    assertThat(where.exitCode()).as(where.toString()).isZero();
    Map<String, Integer> replicas = new TreeMap<>();
    for (JsonNode share : JSON.readTree(where.out()).path("clusters")) {
      if (share.path("replicas").asInt() > 0) {
        replicas.put(share.path("cluster").asString(), share.path("replicas").asInt());
      }
    }
    return replicas;
  }

  @Test
  @Order(1)
  void simulateWithAFailedClusterShowsTheSamePlacementAsTheApi() throws IOException {
    String manifest = KubectlE2E.manifest(WORKLOAD, 4, null, KubectlE2E.IN_THE_EU);
    Path file = Files.writeString(home.resolve("eu-shop.yaml"), manifest);

    Result simulated =
        plugin("simulate", "-f", file.toString(), "--fail", "onprem-fra", "-o", "json");
    ObjectNode question = JSON.createObjectNode();
    question.set("workload", YAML.readTree(manifest));
    question.putArray("failedClusters").add("onprem-fra");
    Path asked = Files.writeString(home.resolve("question.json"), question.toString());
    Result answered =
        kubectl.run("create", "--raw", "/api/v1/placement:simulate", "-f", asked.toString());
    Result table = plugin("simulate", "-f", file.toString(), "--fail", "onprem-fra");

    assertThat(simulated.exitCode()).as(simulated.toString()).isZero();
    assertThat(answered.exitCode()).as(answered.toString()).isZero();
    JsonNode simulation = JSON.readTree(simulated.out());
    Map<String, Integer> plugin = new TreeMap<>();
    int now = 0;
    for (JsonNode cluster : simulation.path("replicas")) {
      if (cluster.path("simulated").asInt() > 0) {
        plugin.put(cluster.path("cluster").asString(), cluster.path("simulated").asInt());
      }
      now += cluster.path("now").asInt();
    }
    Map<String, Integer> fromApi = new TreeMap<>();
    JSON.readTree(answered.out())
        .path("replicas")
        .properties()
        .forEach(e -> fromApi.put(e.getKey(), e.getValue().asInt()));
    assertThat(plugin)
        .isEqualTo(fromApi)
        .doesNotContainKey("onprem-fra")
        .doesNotContainKey("aws-us-east");
    assertThat(plugin.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    assertThat(simulation.path("exists").asBoolean()).isTrue();
    assertThat(now).isEqualTo(4);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out())
        .startsWith("Failed:     onprem-fra\nCLUSTER")
        .contains("Rejected clusters:")
        .containsPattern("aws-us-east\\s+region not in");
  }

  @Test
  @Order(2)
  void drainEmptiesTheClusterAndUncordonPutsItBackInService() {
    assertThat(where(WORKLOAD)).containsKey("onprem-fra");

    Result drain = plugin("drain", "onprem-fra", "--timeout", "120s");

    assertThat(drain.exitCode()).as(drain.toString()).isZero();
    assertThat(drain.out())
        .startsWith("membercluster/onprem-fra cordoned\n")
        .endsWith("membercluster/onprem-fra drained\n");
    assertThat(where(WORKLOAD)).doesNotContainKey("onprem-fra");
    assertThat(cordoned("onprem-fra")).isTrue();

    Result uncordon = plugin("uncordon", "onprem-fra");

    assertThat(uncordon.exitCode()).as(uncordon.toString()).isZero();
    assertThat(uncordon.out()).isEqualTo("membercluster/onprem-fra uncordoned\n");
    assertThat(cordoned("onprem-fra")).isFalse();
  }

  @Test
  @Order(3)
  void drainNamesTheWorkloadWhoseResidencyKeepsItOnTheClusterAndExitsOne() {
    apply(
        KubectlE2E.manifest(
            "fra-only",
            1,
            null,
            "{key: topology.kubernetes.io/region, operator: In, values: [eu-central]}"));
    awaitReady("fra-only");

    Result drain = plugin("drain", "onprem-fra", "--timeout", "120s");
    Result uncordon = plugin("uncordon", "onprem-fra");

    assertThat(drain.exitCode()).as(drain.toString()).isEqualTo(1);
    assertThat(drain.out())
        .contains("WORKLOAD")
        .containsPattern(
            "default/fra-only\\s+1\\s+keeps 1 replica on unschedulable cluster onprem-fra")
        .contains("region not in [eu-central]")
        .doesNotContain(WORKLOAD);
    assertThat(drain.err()).contains("cannot leave onprem-fra");
    assertThat(where("fra-only")).isEqualTo(Map.of("onprem-fra", 1));
    assertThat(uncordon.exitCode()).as(uncordon.toString()).isZero();
    Result deleted = kubectl.run("delete", "fw", "fra-only");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
  }

  @Test
  @Order(5)
  void joinInTheSandboxAddsAClusterThatBecomesReadyAndIsListedByTopClusters() {
    Result join =
        plugin(
            "join",
            "azure-eu-west",
            "--region",
            "eu-west",
            "--zone",
            "eu-west-2",
            "--provider",
            "azure",
            "--tier",
            "cloud",
            "--timeout",
            "120s");

    assertThat(join.exitCode()).as(join.toString()).isZero();
    assertThat(join.out())
        .isEqualTo("sandbox cluster azure-eu-west added\nmembercluster/azure-eu-west Ready\n");
    Result top = plugin("top", "clusters");
    assertThat(top.exitCode()).as(top.toString()).isZero();
    assertThat(top.out())
        .containsPattern("azure-eu-west\\s+eu-west\\s+eu-west-2\\s+cloud\\s+Ready");
  }

  @Test
  @Order(4)
  void rolloutStatusFollowsAStagedRolloutThatIsPausedResumedApprovedAndUndone() {
    apply(rolloutWorkload("nginx:1.27"));
    Result first = plugin("rollout", "status", "web", "-w", "--timeout", "120s");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).endsWith("rollout of default/web complete: revision 1\n");

    apply(rolloutWorkload("nginx:1.28"));
    awaitRollout("Waiting", "Approval");
    Result pause = plugin("rollout", "pause", "web");
    assertThat(pause.out()).as(pause.toString()).isEqualTo("federatedworkload/web paused\n");
    awaitRollout("Paused", null);
    Result resume = plugin("rollout", "resume", "web");
    assertThat(resume.out()).as(resume.toString()).isEqualTo("federatedworkload/web resumed\n");
    awaitRollout("Waiting", "Approval");
    Result status = plugin("rollout", "status", "web");
    assertThat(status.out())
        .contains("Revision:   1 -> 2")
        .contains("Stage:      eu")
        .contains("Gate:       Approval")
        .containsPattern("gcp-eu-north\\s+2\\s+Healthy");
    Result approve = plugin("rollout", "approve", "web");
    assertThat(approve.out()).as(approve.toString()).isEqualTo("federatedworkload/web approved\n");
    Result second = plugin("rollout", "status", "web", "-w", "--timeout", "120s");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).endsWith("rollout of default/web complete: revision 2\n");

    Result undo = plugin("rollout", "undo", "web");

    assertThat(undo.exitCode()).as(undo.toString()).isZero();
    assertThat(undo.out()).isEqualTo("federatedworkload/web rolled back to revision 1\n");
    awaitRollout("Waiting", "Approval");
    assertThat(plugin("rollout", "approve", "web").exitCode()).isZero();
    Result third = plugin("rollout", "status", "web", "-w", "--timeout", "120s");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(third.out()).endsWith("rollout of default/web complete: revision 3\n");
    Result image =
        kubectl.run(
            "get",
            "fw",
            "web",
            "-o",
            "jsonpath={.spec.template.spec.template.spec.containers[0].image}");
    assertThat(image.out()).isEqualTo("nginx:1.27");
  }

  private static void awaitRollout(String phase, String gate) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Result status = plugin("rollout", "status", "web", "-o", "json");
              assertThat(status.exitCode()).as(status.toString()).isZero();
              JsonNode rollout = JSON.readTree(status.out());
              assertThat(rollout.path("phase").asString()).as(status.out()).isEqualTo(phase);
              if (gate != null) {
                assertThat(rollout.path("gate").asString()).isEqualTo(gate);
              }
            });
  }

  private static boolean cordoned(String cluster) {
    Result top = plugin("top", "clusters", "-o", "json");
    assertThat(top.exitCode()).as(top.toString()).isZero();
    for (JsonNode member : JSON.readTree(top.out()).path("clusters")) {
      if (member.path("name").asString().equals(cluster)) {
        return member.path("cordoned").asBoolean();
      }
    }
    throw new AssertionError(cluster + " not listed: " + top.out());
  }

  /**
   * One replica in each of four clusters, rolled out to the canary first and then, once approved,
   * to the EU, each cluster healthy for a second.
   */
  private static String rolloutWorkload(String image) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "web"},
         "spec": {"replicas": 4,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "web"}},
                                        "template": {"metadata": {"labels": {"app": "web"}},
                                                     "spec": {"containers": [{"name": "app", "image": "%s",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}},
                  "placement": {"maxReplicasPerCluster": 1},
                  "rolloutStrategy": {"stages": [
                    {"name": "canary", "minReadyTime": "1s",
                     "clusterSelector": {"matchLabels": {"ubernetes.io/rollout-ring": "canary"}}},
                    {"name": "eu", "minReadyTime": "1s", "approval": true,
                     "clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
                       "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]}}]}}}
        """
        .formatted(image);
  }
}
