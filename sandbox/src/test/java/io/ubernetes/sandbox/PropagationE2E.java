package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real manifests propagated end to end, with the default four simulated clusters and their agents,
 * through the federation's API as a user writes them: a CustomResourceDefinition and its custom
 * resource, override policies, replicas handed to the members' autoscalers, dependencies followed
 * from the namespace's store, and the status of Jobs. Each test works in a namespace of its own.
 */
class PropagationE2E {
  private static final String API = "/apis/ubernetes.io/v1";
  private static final List<String> CLUSTERS =
      List.of("onprem-fra", "aws-eu-west", "gcp-eu-north", "aws-us-east");
  private static final List<String> EU = List.of("onprem-fra", "aws-eu-west", "gcp-eu-north");

  @TempDir static Path data;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aCustomResourceDefinitionReachesEveryClusterAndItsResourceArrivesOnlyOnceItIsEstablished() {
    try (Established established = new Established("gadgets.example.com")) {
      created(
          fleet.api.post(
              API + "/clusterfederatedworkloads",
              """
                  {"apiVersion": "ubernetes.io/v1", "kind": "ClusterFederatedWorkload",
                   "metadata": {"name": "gadgets-crd"},
                   "spec": {"template": %s}}
                  """
                  .formatted(gadgetsDefinition())));
      created(
          fleet.api.post(
              API + "/namespaces/lab/federatedworkloads",
              """
                  {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
                   "metadata": {"name": "blue"},
                   "spec": {"placement": {"mode": "Duplicated"},
                            "template": {"apiVersion": "example.com/v1", "kind": "Gadget",
                                         "metadata": {"name": "blue"}, "spec": {"size": 3}}}}
                  """));

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                for (String cluster : CLUSTERS) {
                  GenericKubernetesResource gadget = gadget(cluster, "lab", "blue");
                  assertThat(gadget).as(cluster).isNotNull();
                  assertThat(gadget.getAdditionalProperties())
                      .containsEntry("spec", Map.of("size", 3));
                  // The mock API server numbers every write of a cluster in order: the gadget,
                  // written once, was written after the definition became Established.
                  assertThat(established.at(cluster)).as(cluster).isNotNull();
                  assertThat(Long.parseLong(gadget.getMetadata().getResourceVersion()))
                      .as(cluster)
                      .isGreaterThan(established.at(cluster));
                }
              });
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        FleetHarness.condition(
                            fleet
                                .api
                                .get(API + "/namespaces/lab/federatedworkloads/blue")
                                .json()
                                .path("status"),
                            "Applied"))
                    .isEqualTo("True"));
  }

  @Test
  void anOverridePolicyRewritesTheRegistryForTheEuClustersAndRenderShowsWhatEachMemberGets() {
    String namespace = "registry";
    created(
        fleet.api.post(
            API + "/namespaces/" + namespace + "/overridepolicies",
            """
                {"apiVersion": "ubernetes.io/v1", "kind": "OverridePolicy",
                 "metadata": {"name": "eu-registry"},
                 "spec": {"workloadSelector": {"names": ["web"]},
                          "rules": [{"clusters": {"regions": ["eu-central", "eu-west", "eu-north"]},
                                     "image": {"registry": "eu.registry.example.com"}}]}}
                """));
    created(
        fleet.api.post(
            API + "/namespaces/" + namespace + "/federatedworkloads",
            deployment("web", 4, "registry.example.com/shop/web:1.4", "")));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : CLUSTERS) {
                assertThat(image(cluster, namespace, "web"))
                    .as(cluster)
                    .isEqualTo(
                        EU.contains(cluster)
                            ? "eu.registry.example.com/shop/web:1.4"
                            : "registry.example.com/shop/web:1.4");
              }
            });
    for (String cluster : CLUSTERS) {
      Http.Answer rendered =
          fleet.api.get(
              API
                  + "/namespaces/"
                  + namespace
                  + "/federatedworkloads/web/render?cluster="
                  + cluster);
      assertThat(rendered.status()).as(cluster).isEqualTo(200);
      JsonNode manifest = renderedItem(rendered.json(), "Deployment", "web");
      Deployment member = fleet.deployment(cluster, namespace, "web");
      assertThat(manifest.at("/spec/template/spec/containers/0/image").asString())
          .as(cluster)
          .isEqualTo(member.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
      assertThat(manifest.at("/spec/replicas").asInt())
          .as(cluster)
          .isEqualTo(member.getSpec().getReplicas());
      assertThat(rendered.json().path("placed").asBoolean()).as(cluster).isTrue();
      assertThat(rendered.json().path("appliedOverrides").toString())
          .as(cluster)
          .satisfies(
              applied -> {
                if (EU.contains(cluster)) {
                  assertThat(applied).contains("eu-registry");
                } else {
                  assertThat(applied).doesNotContain("eu-registry");
                }
              });
    }
  }

  @Test
  void replicasHandedToTheMembersAutoscalersFollowTheirUtilizationAndAreNeverReset() {
    String namespace = "autoscale";
    created(
        fleet.api.post(
            API + "/namespaces/" + namespace + "/federatedworkloads", memberScaledWorkload()));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : CLUSTERS) {
                assertThat(fleet.ready(cluster, namespace, "web")).as(cluster).isEqualTo(1);
              }
            });

    // The utilization rises: a new revision of the HorizontalPodAutoscaler reaches the members,
    // whose autoscalers scale to ceil(1 × 150 / 50) = 3.
    assertThat(
            fleet
                .api
                .send(
                    "PATCH",
                    API + "/namespaces/" + namespace + "/federatedworkloads/web",
                    "application/json-patch+json",
                    """
                    [{"op": "replace",
                      "path": "/spec/resources/0/metadata/annotations/sandbox.ubernetes.io~1utilization",
                      "value": "150"}]
                    """)
                .status())
        .isEqualTo(200);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : CLUSTERS) {
                assertThat(fleet.ready(cluster, namespace, "web")).as(cluster).isEqualTo(3);
              }
              JsonNode status =
                  fleet
                      .api
                      .get(API + "/namespaces/" + namespace + "/federatedworkloads/web")
                      .json()
                      .path("status");
              assertThat(status.path("replicas").asInt()).as(status.toString()).isEqualTo(12);
              assertThat(status.path("readyReplicas").asInt()).isEqualTo(12);
              assertThat(status.path("clusters"))
                  .hasSize(4)
                  .allSatisfy(
                      share -> {
                        assertThat(share.path("memberReplicas").asInt()).isEqualTo(3);
                        assertThat(share.path("replicas").asInt()).isEqualTo(1);
                      });
            });

    // Drift in a member: the agent repairs the image and leaves the autoscaler's count alone.
    String cluster = "aws-eu-west";
    try (ReplicaCounts counts = new ReplicaCounts(cluster, namespace, "web")) {
      // The simulator writes the Deployment's status meanwhile: a conflict means trying again.
      await()
          .atMost(PATIENCE)
          .ignoreExceptionsMatching(
              e -> e instanceof KubernetesClientException k && k.getCode() == 409)
          .until(
              () -> {
                fleet
                    .cluster(cluster)
                    .client()
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName("web")
                    .edit(
                        d -> {
                          d.getSpec()
                              .getTemplate()
                              .getSpec()
                              .getContainers()
                              .get(0)
                              .setImage("nginx:drift");
                          return d;
                        });
                return true;
              });
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(image(cluster, namespace, "web")).isEqualTo("nginx:1.27"));
      assertThat(counts.seen()).isNotEmpty().containsOnly(3);
    }
    assertThat(fleet.replicas(cluster, namespace, "web")).isEqualTo(3);
  }

  @Test
  void aConfigMapFromTheNamespacesStoreTravelsWithItsDeploymentAndAChangeRollsOutAsARevision() {
    String namespace = "deps";
    created(fleet.api.post(API + "/namespaces/" + namespace + "/federatedobjects", appConfig()));
    created(
        fleet.api.post(
            API + "/namespaces/" + namespace + "/federatedworkloads",
            deployment(
                "web",
                2,
                "nginx:1.27",
                ", \"envFrom\": [{\"configMapRef\": {\"name\": \"app-config\"}}]")));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<String> placed = placedClusters(namespace, "web");
              assertThat(placed).isNotEmpty();
              for (String cluster : placed) {
                assertThat(logLevel(cluster, namespace)).as(cluster).isEqualTo("info");
                assertThat(fleet.ready(cluster, namespace, "web")).as(cluster).isPositive();
              }
            });

    assertThat(
            fleet
                .api
                .mergePatch(
                    API + "/namespaces/" + namespace + "/federatedobjects/app-config",
                    "{\"spec\": {\"object\": {\"data\": {\"LOG_LEVEL\": \"debug\"}}}}")
                .status())
        .isEqualTo(200);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : placedClusters(namespace, "web")) {
                assertThat(logLevel(cluster, namespace)).as(cluster).isEqualTo("debug");
              }
              JsonNode revisions =
                  fleet
                      .api
                      .get(API + "/namespaces/" + namespace + "/federatedworkloads/web/revisions")
                      .json();
              assertThat(revisions.path("items")).hasSize(2);
              assertThat(revisions.toString()).contains("dependency ConfigMap/app-config changed");
              assertThat(
                      fleet
                          .api
                          .get(API + "/namespaces/" + namespace + "/federatedworkloads/web")
                          .json()
                          .at("/status/rollout/currentRevision")
                          .asInt())
                  .isEqualTo(2);
            });
  }

  @Test
  void aJobThatFailsShowsAsFailedWithItsReasonAndOneThatSucceedsAsCompleteWithItsFeedback() {
    String namespace = "batch";
    created(
        fleet.api.post(
            API + "/namespaces/" + namespace + "/federatedworkloads",
            job("export", "{\"sandbox.ubernetes.io/fail\": \"Failed\"}", "")));
    created(
        fleet.api.post(
            API + "/namespaces/" + namespace + "/federatedworkloads",
            job(
                "report",
                "{}",
                """
                    , "statusFeedback": [{"kind": "Job", "jsonPaths": [
                        {"name": "succeeded", "path": ".status.succeeded"},
                        {"name": "complete",
                         "path": ".status.conditions[?(@.type==\\"Complete\\")].status"}]}]
                    """)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode job = jobStatus(namespace, "export");
              assertThat(job.path("health").asString()).as(job.toString()).isEqualTo("Degraded");
              assertThat(job.path("reason").asString()).isEqualTo("BackoffLimitExceeded");
              JsonNode status = fleet.status(namespace, "export");
              assertThat(status.path("conditions").toString()).contains("BackoffLimitExceeded");
            });
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode job = jobStatus(namespace, "report");
              assertThat(job.path("health").asString()).as(job.toString()).isEqualTo("Healthy");
              assertThat(job.at("/feedback/succeeded").asInt()).isEqualTo(1);
              // A filter selects a list, even of one value.
              assertThat(job.at("/feedback/complete/0").asString()).isEqualTo("True");
            });
  }

  // --- what the tests write ---

  private static void created(Http.Answer answer) {
    assertThat(answer.status()).as(answer.json().toString()).isEqualTo(201);
  }

  private static String gadgetsDefinition() {
    return """
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "gadgets.example.com"},
         "spec": {"group": "example.com", "scope": "Namespaced",
                  "names": {"kind": "Gadget", "plural": "gadgets"},
                  "versions": [{"name": "v1", "served": true, "storage": true,
                                "schema": {"openAPIV3Schema": {"type": "object",
                                           "x-kubernetes-preserve-unknown-fields": true}}}]}}
        """;
  }

  /** A Deployment workload of one replica per cluster at most; {@code container} adds fields. */
  private static String deployment(String name, int replicas, String image, String container) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "placement": {"maxReplicasPerCluster": 1},
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "%s",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}%s}]}}}}}}
        """
        .formatted(name, replicas, name, name, image, container);
  }

  /**
   * A Deployment of one replica in each cluster whose replicas the members' autoscalers own, with
   * its HorizontalPodAutoscaler (1 to 5 replicas at 50% CPU), the sandbox's simulated utilization
   * at the target.
   */
  private static String memberScaledWorkload() {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "web"},
         "spec": {"replicas": 4,
                  "autoscaling": {"mode": "Member"},
                  "placement": {"maxReplicasPerCluster": 1},
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "web"}},
                                        "template": {"metadata": {"labels": {"app": "web"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}},
                  "resources": [
                    {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                     "metadata": {"name": "web",
                                  "annotations": {"sandbox.ubernetes.io/utilization": "50"}},
                     "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                              "minReplicas": 1, "maxReplicas": 5,
                              "metrics": [{"type": "Resource",
                                           "resource": {"name": "cpu",
                                                        "target": {"type": "Utilization", "averageUtilization": 50}}}]}}]}}
        """;
  }

  private static String appConfig() {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedObject",
         "metadata": {"name": "app-config"},
         "spec": {"object": {"apiVersion": "v1", "kind": "ConfigMap",
                             "data": {"LOG_LEVEL": "info"}}}}
        """;
  }

  /** A Job of one pod, with these pod annotations, in one cluster; {@code spec} adds fields. */
  private static String job(String name, String annotations, String spec) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "%s"},
         "spec": {"template": {"apiVersion": "batch/v1", "kind": "Job",
                               "spec": {"backoffLimit": 1,
                                        "template": {"metadata": {"annotations": %s},
                                                     "spec": {"restartPolicy": "Never",
                                                              "containers": [{"name": "job", "image": "busybox:1.37",
                                                                "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}}%s}}
        """
        .formatted(name, annotations, spec);
  }

  // --- what the tests read ---

  private static JsonNode renderedItem(JsonNode rendered, String kind, String name) {
    for (JsonNode item : rendered.path("items")) {
      if (kind.equals(item.path("kind").asString())
          && name.equals(item.at("/metadata/name").asString())) {
        return item;
      }
    }
    throw new AssertionError("no " + kind + " " + name + " in " + rendered);
  }

  /** The image the workload's Deployment in {@code cluster} runs now; null when it has none. */
  private static String image(String cluster, String namespace, String name) {
    Deployment deployment = fleet.deployment(cluster, namespace, name);
    return deployment == null
        ? null
        : deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  private static List<String> placedClusters(String namespace, String name) {
    List<String> placed = new ArrayList<>();
    fleet
        .placement(namespace, name)
        .forEach(
            (cluster, replicas) -> {
              if (replicas > 0) {
                placed.add(cluster);
              }
            });
    return placed;
  }

  private static String logLevel(String cluster, String namespace) {
    ConfigMap configMap =
        fleet
            .cluster(cluster)
            .client()
            .configMaps()
            .inNamespace(namespace)
            .withName("app-config")
            .get();
    return configMap == null || configMap.getData() == null
        ? null
        : configMap.getData().get("LOG_LEVEL");
  }

  /** The status the workload shows of its Job, from the cluster that runs it. */
  private static JsonNode jobStatus(String namespace, String name) {
    JsonNode status = fleet.status(namespace, name);
    for (JsonNode cluster : status.path("clusters")) {
      for (JsonNode object : cluster.path("objects")) {
        if ("Job".equals(object.path("kind").asString())
            && name.equals(object.path("name").asString())) {
          return object;
        }
      }
    }
    throw new AssertionError("no Job " + name + " in the status " + status);
  }

  private static GenericKubernetesResource gadget(String cluster, String namespace, String name) {
    ResourceDefinitionContext gadgets =
        new ResourceDefinitionContext.Builder()
            .withGroup("example.com")
            .withVersion("v1")
            .withKind("Gadget")
            .withPlural("gadgets")
            .withNamespaced(true)
            .build();
    return fleet
        .cluster(cluster)
        .client()
        .genericKubernetesResources(gadgets)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /**
   * The resourceVersion with which a CustomResourceDefinition first showed {@code Established=True}
   * in each cluster, from watches of the members' API servers started before it was propagated.
   */
  private static final class Established implements AutoCloseable {
    private final Map<String, Long> at = new ConcurrentHashMap<>();
    private final List<Watch> watches = new ArrayList<>();

    Established(String definition) {
      for (String cluster : CLUSTERS) {
        watches.add(
            fleet
                .cluster(cluster)
                .client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(definition)
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, CustomResourceDefinition crd) {
                        if (established(crd)) {
                          at.putIfAbsent(
                              cluster, Long.parseLong(crd.getMetadata().getResourceVersion()));
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {
                        // Seen at close only; a watch that ends early shows as a missing value.
                      }
                    }));
      }
    }

    private static boolean established(CustomResourceDefinition crd) {
      return crd.getStatus() != null
          && crd.getStatus().getConditions() != null
          && crd.getStatus().getConditions().stream()
              .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    Long at(String cluster) {
      return at.get(cluster);
    }

    @Override
    public void close() {
      watches.forEach(Watch::close);
    }
  }

  /** Every {@code spec.replicas} a member's Deployment had from when this was made on. */
  private static final class ReplicaCounts implements AutoCloseable {
    private final List<Integer> seen = new CopyOnWriteArrayList<>();
    private final Watch watch;

    ReplicaCounts(String cluster, String namespace, String name) {
      var deployment =
          fleet
              .cluster(cluster)
              .client()
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(name);
      watch =
          deployment.watch(
              new Watcher<>() {
                @Override
                public void eventReceived(Action action, Deployment changed) {
                  seen.add(changed.getSpec().getReplicas());
                }

                @Override
                public void onClose(WatcherException cause) {
                  // Seen at close only.
                }
              });
      seen.add(Objects.requireNonNull(deployment.get()).getSpec().getReplicas());
    }

    List<Integer> seen() {
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      watch.close();
    }
  }
}
