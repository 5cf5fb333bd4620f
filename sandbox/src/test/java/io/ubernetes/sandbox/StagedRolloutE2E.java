package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Staged rollouts of new workload revisions, end to end with the default four simulated clusters
 * and their agents, by the strategy the README shows: the canary ({@code gcp-eu-north}, labelled
 * {@code ubernetes.io/rollout-ring: canary}) first, then the rest of the EU ({@code onprem-fra},
 * {@code aws-eu-west}), then the implicit stage {@code rest} ({@code aws-us-east}). Each workload
 * runs one replica in each cluster, so that every stage has its clusters.
 *
 * <p>The order is shown by what the members were ever given, not by timing: every look reads what
 * each cluster has ever run first and the rollout's status after it, so a cluster of a stage the
 * status has not reached yet must never have had the new revision at the time of the look.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StagedRolloutE2E {
  private static final String STRATEGY = "canary-then-eu";
  private static final String CANARY = "gcp-eu-north";

  /** The stage of each cluster under {@value #STRATEGY}, by index. */
  private static final Map<String, Integer> STAGE_OF =
      Map.of(CANARY, 0, "onprem-fra", 1, "aws-eu-west", 1, "aws-us-east", 2);

  private static final List<String> STAGES = List.of("canary", "eu", "rest");
  private static final String OLD = "nginx:1.27";
  private static final String NEW = "nginx:1.28";

  @TempDir static Path data;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data);
    assertThat(
            fleet
                .api
                .post(
                    "/apis/ubernetes.io/v1/rolloutstrategies",
                    """
                    {"apiVersion": "ubernetes.io/v1", "kind": "RolloutStrategy",
                     "metadata": {"name": "%s"},
                     "spec": {"stages": [%s, %s], "onFailure": "Rollback"}}
                    """
                        .formatted(STRATEGY, canaryStage("3s"), euStage("3s", false)))
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aGoodImageRollsToTheCanaryThenTheEuThenTheRestThroughTheGates() {
    String namespace = "good";
    createAndAwaitFirstRevision(
        namespace, workload(OLD, "{\"strategyRef\": \"" + STRATEGY + "\"}"));

    setImage(namespace, NEW);

    List<String> stages =
        awaitCompleteInStageOrder(
            namespace, cluster -> fleet.imagesEverRun(cluster, namespace, "web").contains(NEW));
    assertThat(stages).containsSubsequence("canary", "eu").isSubsetOf(STAGES);
    assertThat(stages).isEqualTo(sortedByStage(stages));
    JsonNode rollout = rollout(namespace);
    assertThat(rollout.path("currentRevision").asInt()).isEqualTo(2);
    assertThat(rollout.path("targetRevision").asInt()).isEqualTo(2);
    for (String cluster : STAGE_OF.keySet()) {
      assertThat(clusterRollout(rollout, cluster).path("state").asString())
          .as(cluster)
          .isEqualTo("Healthy");
      assertThat(image(cluster, namespace)).as(cluster).isEqualTo(NEW);
      assertThat(fleet.imagesEverRun(cluster, namespace, "web"))
          .as(cluster)
          .containsExactly(OLD, NEW);
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(fleet.status(namespace, "web").path("updatedReplicas").asInt())
                    .isEqualTo(4));
  }

  @Test
  @Order(2)
  void aCrashLoopingImageHaltsInTheCanaryAndRollsItBackWithoutReachingAnotherCluster() {
    String namespace = "bad";
    createAndAwaitFirstRevision(
        namespace, workload(OLD, "{\"strategyRef\": \"" + STRATEGY + "\"}"));

    setImage(namespace, "nginx:crashloop");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode rollout = rollout(namespace);
              assertThat(rollout.path("phase").asString())
                  .as(rollout.toString())
                  .isEqualTo("Halted");
              assertThat(rollout.path("haltedReason").asString())
                  .startsWith("Rolled back to revision 1")
                  .contains(CANARY)
                  .contains("CrashLoopBackOff");
              assertThat(image(CANARY, namespace)).isEqualTo(OLD);
              assertThat(fleet.ready(CANARY, namespace, "web")).isEqualTo(1);
            });
    JsonNode status = fleet.status(namespace, "web");
    JsonNode rollout = status.path("rollout");
    assertThat(rollout.path("currentRevision").asInt()).isEqualTo(1);
    assertThat(rollout.path("targetRevision").asInt()).isEqualTo(2);
    assertThat(rollout.path("rolledBackFrom").asInt()).isEqualTo(2);
    assertThat(FleetHarness.condition(status, "RolloutHalted")).isEqualTo("True");
    assertThat(fleet.imagesEverRun(CANARY, namespace, "web"))
        .containsExactly(OLD, "nginx:crashloop");
    for (String cluster : List.of("onprem-fra", "aws-eu-west", "aws-us-east")) {
      assertThat(fleet.imagesEverRun(cluster, namespace, "web")).as(cluster).containsExactly(OLD);
      assertThat(clusterRollout(rollout, cluster).path("revision").asInt())
          .as(cluster)
          .isEqualTo(1);
    }
  }

  @Test
  @Order(3)
  void aConfigMapChangeRollsToTheCanaryFirstLikeATemplateChange() {
    String namespace = "config";
    String withSettings =
        workload(OLD, "{\"strategyRef\": \"" + STRATEGY + "\"}")
            .replace(
                "\"replicas\": 4,", "\"replicas\": 4, \"resources\": [" + settings("info") + "],");
    createAndAwaitFirstRevision(namespace, withSettings);

    try (LogLevels levels = new LogLevels(namespace)) {
      assertThat(
              fleet
                  .api
                  .mergePatch(
                      "/api/v1/namespaces/" + namespace + "/workloads/web",
                      "{\"spec\": {\"resources\": [" + settings("debug") + "]}}")
                  .status())
          .isEqualTo(200);

      List<String> stages =
          awaitCompleteInStageOrder(namespace, cluster -> levels.seen(cluster).contains("debug"));
      assertThat(stages).containsSubsequence("canary", "eu").isSubsetOf(STAGES);
      assertThat(stages).isEqualTo(sortedByStage(stages));
      for (String cluster : STAGE_OF.keySet()) {
        assertThat(levels.seen(cluster)).as(cluster).endsWith("debug");
      }
    }
    assertThat(rollout(namespace).path("currentRevision").asInt()).isEqualTo(2);
    // The template did not change: the pods run on as they were.
    for (String cluster : STAGE_OF.keySet()) {
      assertThat(fleet.imagesEverRun(cluster, namespace, "web")).as(cluster).containsExactly(OLD);
    }
  }

  @Test
  @Order(4)
  void anApprovalGateHoldsTheNextStageUntilTheOperatorApprovesIt() {
    String namespace = "gated";
    String stages = "{\"stages\": [%s, %s]}".formatted(canaryStage("1s"), euStage("1s", true));
    createAndAwaitFirstRevision(namespace, workload(OLD, stages));

    setImage(namespace, NEW);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode rollout = rollout(namespace);
              assertThat(rollout.path("phase").asString())
                  .as(rollout.toString())
                  .isEqualTo("Waiting");
              assertThat(rollout.path("gate").asString()).isEqualTo("Approval");
              assertThat(rollout.path("stage").asString()).isEqualTo("eu");
            });
    JsonNode waiting = rollout(namespace);
    assertThat(waiting.path("gateSince").asString()).isNotBlank();
    assertThat(clusterRollout(waiting, CANARY).path("state").asString()).isEqualTo("Healthy");
    for (String cluster : List.of("onprem-fra", "aws-eu-west", "aws-us-east")) {
      assertThat(fleet.imagesEverRun(cluster, namespace, "web")).as(cluster).containsExactly(OLD);
    }

    // What kubectl patch --type=merge sends.
    assertThat(
            fleet
                .api
                .mergePatch(
                    "/api/v1/namespaces/" + namespace + "/workloads/web",
                    "{\"spec\": {\"rolloutControl\": {\"approve\": \"eu@2\"}}}")
                .status())
        .isEqualTo(200);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(rollout(namespace).path("phase").asString()).isEqualTo("Complete"));
    for (String cluster : STAGE_OF.keySet()) {
      assertThat(image(cluster, namespace)).as(cluster).isEqualTo(NEW);
    }
  }

  /**
   * Last: the failed cluster, once recovered, is held back from new replicas for longer than the
   * class runs, and the other tests need it as their canary.
   */
  @Test
  @Order(5)
  void aClusterFailingMidRolloutDoesNotBlockItAndItsReplicasMoveAtTheRevisionTheyRan() {
    String namespace = "failing";
    // Three replicas in the three cheapest clusters; aws-eu-west, the dearest, has none.
    String threeClusters =
        workload(OLD, stages(canaryStage("1s")))
            .replace("\"replicas\": 4,", "\"replicas\": 3,")
            .replace(
                "\"maxReplicasPerCluster\": 1", "\"maxReplicasPerCluster\": 1, \"maxClusters\": 3");
    createAndAwaitFirstRevision(namespace, threeClusters);
    assertThat(fleet.placement(namespace, "web"))
        .isEqualTo(Map.of("onprem-fra", 1, CANARY, 1, "aws-us-east", 1));

    // Revision 2 rolls out by the strategy of when it starts: the canary's bake lasts ten
    // minutes, so that only the canary's failure can end its stage.
    assertThat(
            fleet
                .api
                .mergePatch(
                    "/api/v1/namespaces/" + namespace + "/workloads/web",
                    "{\"spec\": {\"rolloutStrategy\": " + stages(canaryStage("10m")) + "}}")
                .status())
        .isEqualTo(200);
    setImage(namespace, NEW);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(clusterRollout(rollout(namespace), CANARY).path("state").asString())
                    .isEqualTo("Baking"));
    fleet.sandbox().fail(CANARY);
    try {
      await()
          .atMost(PATIENCE.plus(PATIENCE))
          .untilAsserted(
              () -> {
                JsonNode rollout = rollout(namespace);
                assertThat(rollout.path("phase").asString())
                    .as(rollout.toString())
                    .isEqualTo("Complete");
                assertThat(rollout.path("currentRevision").asInt()).isEqualTo(2);
                assertThat(fleet.placement(namespace, "web"))
                    .isEqualTo(Map.of("onprem-fra", 1, "aws-eu-west", 1, "aws-us-east", 1));
              });
      // The canary's replica went on at revision 2 in aws-eu-west, whose stage had not come yet.
      assertThat(fleet.imagesEverRun("aws-eu-west", namespace, "web")).containsExactly(NEW);
      for (String cluster : List.of("onprem-fra", "aws-eu-west", "aws-us-east")) {
        assertThat(image(cluster, namespace)).as(cluster).isEqualTo(NEW);
        assertThat(fleet.ready(cluster, namespace, "web")).as(cluster).isEqualTo(1);
      }
    } finally {
      fleet.sandbox().recover(CANARY);
    }
    fleet.awaitReady(CANARY, "True");
  }

  /**
   * Looks until the rollout of revision 2 is complete; returns the stages it was seen in, in order.
   * Each look reads whether each cluster has ever had the new revision ({@code had}) before it
   * reads the status: a cluster of a stage after the one the status names must not have had it.
   */
  private static List<String> awaitCompleteInStageOrder(
      String namespace, Function<String, Boolean> had) {
    List<String> stages = new ArrayList<>();
    List<String> early = new ArrayList<>();
    await()
        .atMost(PATIENCE.plus(PATIENCE))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Map<String, Boolean> updated = new TreeMap<>();
              STAGE_OF.keySet().forEach(cluster -> updated.put(cluster, had.apply(cluster)));
              JsonNode rollout = rollout(namespace);
              if (rollout.path("targetRevision").asInt() != 2) {
                return false;
              }
              String phase = rollout.path("phase").asString();
              if ("Complete".equals(phase)) {
                return true;
              }
              String stage = rollout.path("stage").asString();
              if (stages.isEmpty() || !stages.getLast().equals(stage)) {
                stages.add(stage);
              }
              int reached = STAGES.indexOf(stage);
              updated.forEach(
                  (cluster, has) -> {
                    if (has && STAGE_OF.get(cluster) > reached) {
                      early.add(cluster + " had revision 2 in stage " + stage + ": " + rollout);
                    }
                  });
              return false;
            });
    assertThat(early).as("clusters given revision 2 before their stage").isEmpty();
    return stages;
  }

  private static List<String> sortedByStage(List<String> stages) {
    return stages.stream().sorted((a, b) -> STAGES.indexOf(a) - STAGES.indexOf(b)).toList();
  }

  /** Creates the workload {@code web} and waits until revision 1 runs everywhere it is placed. */
  private static void createAndAwaitFirstRevision(String namespace, String workload) {
    assertThat(fleet.api.post("/api/v1/namespaces/" + namespace + "/workloads", workload).status())
        .isEqualTo(201);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = fleet.status(namespace, "web");
              assertThat(status.at("/rollout/phase").asString())
                  .as(status.toString())
                  .isEqualTo("Complete");
              assertThat(status.at("/rollout/currentRevision").asInt()).isEqualTo(1);
              assertThat(FleetHarness.condition(status, "Ready")).isEqualTo("True");
            });
  }

  private static void setImage(String namespace, String image) {
    assertThat(
            fleet
                .api
                .mergePatch(
                    "/api/v1/namespaces/" + namespace + "/workloads/web",
                    """
                    {"spec": {"template": {"spec": {"template": {"spec": {"containers":
                      [{"name": "app", "image": "%s",
                        "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}}}}
                    """
                        .formatted(image))
                .status())
        .isEqualTo(200);
  }

  private static JsonNode rollout(String namespace) {
    return fleet.status(namespace, "web").path("rollout");
  }

  private static JsonNode clusterRollout(JsonNode rollout, String cluster) {
    for (JsonNode each : rollout.path("clusters")) {
      if (cluster.equals(each.path("name").asString())) {
        return each;
      }
    }
    throw new AssertionError("no rollout of " + cluster + " in " + rollout);
  }

  /** The image the workload's Deployment in {@code cluster} runs now. */
  private static String image(String cluster, String namespace) {
    var deployment = fleet.deployment(cluster, namespace, "web");
    return deployment == null
        ? null
        : deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  private static String canaryStage(String bake) {
    return """
        {"name": "canary", "minReadyTime": "%s", "progressDeadline": "15m",
         "clusterSelector": {"matchLabels": {"ubernetes.io/rollout-ring": "canary"}}}
        """
        .formatted(bake);
  }

  private static String euStage(String bake, boolean approval) {
    return """
        {"name": "eu", "minReadyTime": "%s", "approval": %s,
         "clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
           "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]}}
        """
        .formatted(bake, approval);
  }

  /** Inline stages: {@code canary} as given, then {@code eu} with a bake of a second. */
  private static String stages(String canary) {
    return "{\"stages\": [%s, %s]}".formatted(canary, euStage("1s", false));
  }

  private static String settings(String level) {
    return """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web-settings"},
         "data": {"LOG_LEVEL": "%s"}}
        """
        .formatted(level);
  }

  /** A Deployment of one replica in each of the four clusters, rolled out by {@code strategy}. */
  private static String workload(String image, String strategy) {
    return """
        {"metadata": {"name": "web"},
         "spec": {"replicas": 4,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "web"}},
                                        "template": {"metadata": {"labels": {"app": "web"}},
                                                     "spec": {"containers": [{"name": "app", "image": "%s",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}},
                  "placement": {"maxReplicasPerCluster": 1},
                  "rolloutStrategy": %s}}
        """
        .formatted(image, strategy);
  }

  /**
   * Every {@code LOG_LEVEL} the ConfigMap {@code web-settings} had in each cluster, from when this
   * was made on: its value then, and each value a watch of the member's API server told since.
   */
  private static final class LogLevels implements AutoCloseable {
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private final List<Watch> watches = new ArrayList<>();

    LogLevels(String namespace) {
      for (String cluster : STAGE_OF.keySet()) {
        var configMaps = fleet.cluster(cluster).client().configMaps().inNamespace(namespace);
        watches.add(
            configMaps.watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap configMap) {
                    record(cluster, configMap);
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // Seen at close only; a watch that ends early shows as a missing value.
                  }
                }));
        record(cluster, configMaps.withName("web-settings").get());
      }
    }

    private void record(String cluster, ConfigMap configMap) {
      if (configMap != null
          && "web-settings".equals(configMap.getMetadata().getName())
          && configMap.getData() != null) {
        seen.computeIfAbsent(cluster, c -> Collections.synchronizedSet(new LinkedHashSet<>()))
            .add(configMap.getData().get("LOG_LEVEL"));
      }
    }

    List<String> seen(String cluster) {
      Set<String> values = seen.getOrDefault(cluster, Set.of());
      synchronized (values) {
        return List.copyOf(values);
      }
    }

    @Override
    public void close() {
      watches.forEach(Watch::close);
    }
  }
}
