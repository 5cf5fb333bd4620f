package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workload controllers and the kubelet against one running simulated cluster. */
class WorkloadSimulationIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start(cluster("workloads", 3));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /**
   * Edits as any controller does: the simulator writes the object's status meanwhile, so a conflict
   * means reading it again and retrying.
   */
  private static <T extends HasMetadata> T edit(Resource<T> resource, UnaryOperator<T> change) {
    AtomicReference<T> edited = new AtomicReference<>();
    await()
        .atMost(PATIENCE)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              edited.set(resource.edit(change));
              return true;
            });
    return edited.get();
  }

  private static List<Pod> pods(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  private static Set<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
  }

  private static int ready(String namespace, String name) {
    Integer ready = status(namespace, name).getReadyReplicas();
    return ready == null ? 0 : ready;
  }

  private static DeploymentStatus status(String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
  }

  @Test
  void aDeploymentGetsPodsWithItsTemplateAndRequestsBoundToNodesThenReadyWithAddresses() {
    Deployment created = client.resource(deployment("shop", "web", 3, "250m")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Pod> pods = pods("shop", "web");
              assertThat(pods).hasSize(3);
              assertThat(pods).allSatisfy(pod -> assertThat(Pods.ready(pod)).isTrue());
            });
    List<Pod> pods = pods("shop", "web");
    assertThat(pods)
        .allSatisfy(
            pod -> {
              assertThat(pod.getMetadata().getAnnotations())
                  .containsEntry("example.com/owner", "team-web");
              assertThat(pod.getMetadata().getLabels()).containsKey("pod-template-hash");
              assertThat(pod.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      owner -> {
                        assertThat(owner.getKind()).isEqualTo("Deployment");
                        assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
                        assertThat(owner.getController()).isTrue();
                      });
              assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
                  .containsEntry("cpu", new Quantity("250m"));
              assertThat(pod.getSpec().getNodeName()).startsWith("node-");
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getStatus().getPodIP()).startsWith("10.12.");
            });
    assertThat(pods.stream().map(p -> p.getStatus().getPodIP()).distinct()).hasSize(3);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              DeploymentStatus status = status("shop", "web");
              assertThat(status.getObservedGeneration()).isEqualTo(1L);
              assertThat(status.getReplicas()).isEqualTo(3);
              assertThat(status.getReadyReplicas()).isEqualTo(3);
              assertThat(status.getAvailableReplicas()).isEqualTo(3);
              assertThat(status.getUpdatedReplicas()).isEqualTo(3);
            });
  }

  @Test
  void scalingDownRemovesPodsAndTheStatusFollows() {
    client.resource(deployment("scale", "api", 4, "100m")).create();
    await().atMost(PATIENCE).until(() -> ready("scale", "api") == 4);
    Set<String> before = names(pods("scale", "api"));

    client.apps().deployments().inNamespace("scale").withName("api").scale(1);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(pods("scale", "api")).hasSize(1);
              DeploymentStatus status = status("scale", "api");
              assertThat(status.getObservedGeneration()).isEqualTo(2L);
              assertThat(status.getReplicas()).isEqualTo(1);
              assertThat(status.getReadyReplicas()).isEqualTo(1);
            });
    assertThat(before).containsAll(names(pods("scale", "api")));
  }

  @Test
  void aTemplateChangeReplacesEveryPodAndOnlyNewOnesCountAsUpdated() {
    client.resource(deployment("roll", "shop", 3, "100m")).create();
    await().atMost(PATIENCE).until(() -> ready("roll", "shop") == 3);
    Set<String> before = names(pods("roll", "shop"));

    edit(
        client.apps().deployments().inNamespace("roll").withName("shop"),
        d -> {
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
          return d;
        });

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Pod> pods = pods("roll", "shop");
              assertThat(pods).hasSize(3);
              assertThat(names(pods)).doesNotContainAnyElementsOf(before);
              assertThat(pods)
                  .allSatisfy(
                      pod -> {
                        assertThat(pod.getSpec().getContainers().get(0).getImage())
                            .isEqualTo("nginx:1.28");
                        assertThat(Pods.ready(pod)).isTrue();
                      });
              DeploymentStatus status = status("roll", "shop");
              assertThat(status.getObservedGeneration()).isEqualTo(2L);
              assertThat(status.getUpdatedReplicas()).isEqualTo(3);
              assertThat(status.getReadyReplicas()).isEqualTo(3);
              assertThat(status.getReplicas()).isEqualTo(3);
            });
  }

  @Test
  void duringARolloutUpdatedReplicasNeverCountOldTemplatePods() {
    client.resource(deployment("watch", "shop", 2, "100m")).create();
    await().atMost(PATIENCE).until(() -> ready("watch", "shop") == 2);

    Deployment changed =
        edit(
            client.apps().deployments().inNamespace("watch").withName("shop"),
            d -> {
              d.getSpec().getTemplate().getMetadata().getLabels().put("release", "2");
              return d;
            });
    String hash = Pods.templateHash(changed.getSpec().getTemplate());

    List<String> violations = new ArrayList<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              DeploymentStatus status = status("watch", "shop");
              int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
              // Read after the status: new-template pods only come during a rollout.
              long newPods =
                  pods("watch", "shop").stream()
                      .filter(
                          p -> hash.equals(p.getMetadata().getLabels().get("pod-template-hash")))
                      .count();
              boolean observed = Long.valueOf(2).equals(status.getObservedGeneration());
              if (observed && updated > newPods) {
                violations.add(updated + " updated with " + newPods + " new-template pods");
              }
              return observed
                  && updated == 2
                  && newPods == 2
                  && ready("watch", "shop") == 2
                  && pods("watch", "shop").size() == 2;
            });
    assertThat(violations).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // held for the try block, not referenced in it
  void aNewDeploymentsFirstStatusAlreadyCountsItsPods() {
    List<DeploymentStatus> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .apps()
            .deployments()
            .inNamespace("counted")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Deployment deployment) {
                    if (deployment.getStatus() != null) {
                      seen.add(deployment.getStatus());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // Closed by the test.
                  }
                })) {
      client.resource(deployment("counted", "api", 3, "100m")).create();
      await()
          .atMost(PATIENCE)
          .until(
              () -> seen.stream().anyMatch(s -> Integer.valueOf(3).equals(s.getReadyReplicas())));
    }

    assertThat(seen)
        .isNotEmpty()
        .allSatisfy(
            status -> {
              assertThat(status.getReplicas()).isEqualTo(3);
              assertThat(status.getUpdatedReplicas()).isEqualTo(3);
            });
  }

  @Test
  void deletingAWorkloadDeletesItsPods() {
    client.resource(deployment("gone", "web", 2, "100m")).create();
    await().atMost(PATIENCE).until(() -> pods("gone", "web").size() == 2);

    client.apps().deployments().inNamespace("gone").withName("web").delete();

    await().atMost(PATIENCE).until(() -> pods("gone", "web").isEmpty());
  }

  @Test
  void aStatefulSetGetsOrdinalPodsInOrderAndItsStatus() {
    client.resource(Manifests.statefulSet("db", "pg", 3)).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(names(pods("db", "pg"))).containsExactlyInAnyOrder("pg-0", "pg-1", "pg-2");
              StatefulSet set = client.apps().statefulSets().inNamespace("db").withName("pg").get();
              assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
              assertThat(set.getStatus().getReplicas()).isEqualTo(3);
              assertThat(set.getStatus().getUpdatedReplicas()).isEqualTo(3);
              assertThat(set.getStatus().getObservedGeneration()).isEqualTo(1L);
            });
    assertThat(client.pods().inNamespace("db").withName("pg-1").get().getSpec().getHostname())
        .isEqualTo("pg-1");

    client.apps().statefulSets().inNamespace("db").withName("pg").scale(1);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(names(pods("db", "pg"))).containsExactly("pg-0"));
  }

  @Test
  void aStatefulSetTemplateChangeReplacesItsPodsUnderTheSameNames() {
    client.resource(Manifests.statefulSet("dbroll", "pg", 2)).create();
    await()
        .atMost(PATIENCE)
        .until(() -> pods("dbroll", "pg").stream().filter(Pods::ready).count() == 2);

    edit(
        client.apps().statefulSets().inNamespace("dbroll").withName("pg"),
        s -> {
          s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("postgres:18");
          return s;
        });

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Pod> pods = pods("dbroll", "pg");
              assertThat(names(pods)).containsExactlyInAnyOrder("pg-0", "pg-1");
              assertThat(pods)
                  .allSatisfy(
                      pod -> {
                        assertThat(pod.getSpec().getContainers().get(0).getImage())
                            .isEqualTo("postgres:18");
                        assertThat(Pods.ready(pod)).isTrue();
                      });
              StatefulSet set =
                  client.apps().statefulSets().inNamespace("dbroll").withName("pg").get();
              assertThat(set.getStatus().getUpdatedReplicas()).isEqualTo(2);
              assertThat(set.getStatus().getCurrentRevision())
                  .isEqualTo(set.getStatus().getUpdateRevision());
            });
  }

  @Test
  void aReplicaSetOfItsOwnGetsPodsButADeploymentsDoesNot() {
    client.resource(Manifests.replicaSet("rs", "solo", 2)).create();
    Deployment owner = client.resource(deployment("rs", "owner", 0, "100m")).create();
    ReplicaSet owned = Manifests.replicaSet("rs", "owned", 2);
    owned.getMetadata().setOwnerReferences(List.of(Pods.controllerReference(owner)));
    client.resource(owned).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ReplicaSet solo =
                  client.apps().replicaSets().inNamespace("rs").withName("solo").get();
              assertThat(solo.getStatus().getReadyReplicas()).isEqualTo(2);
              assertThat(pods("rs", "solo")).hasSize(2);
            });
    assertThat(pods("rs", "owned")).isEmpty();
  }

  @Test
  void aJobsPodsRunAndSucceedAndTheJobCompletes() {
    client.resource(Manifests.job("batch", "report", 3, 2)).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Job job = client.batch().v1().jobs().inNamespace("batch").withName("report").get();
              assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
              assertThat(job.getStatus().getActive()).isZero();
              assertThat(job.getStatus().getCompletionTime()).isNotNull();
              assertThat(job.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Complete");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
    assertThat(pods("batch", "report"))
        .hasSize(3)
        .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded"));
  }

  @Test
  void everyPodTemplateAWorkloadWasGivenIsRememberedOnceInTheOrderTheyCame() {
    client.resource(deployment("history", "web", 1, "100m")).create();
    for (String image : List.of("nginx:1.28", "nginx:crashloop", "nginx:1.27")) {
      edit(
          client.apps().deployments().inNamespace("history").withName("web"),
          d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
          });
    }
    client.resource(Manifests.job("history", "report", 1, 1)).create();
    await().atMost(PATIENCE).until(() -> ready("history", "web") == 1);

    assertThat(cluster.podTemplates("Deployment", "history", "web"))
        .extracting(t -> t.getSpec().getContainers().get(0).getImage())
        .containsExactly("nginx:1.27", "nginx:1.28", "nginx:crashloop");
    assertThat(cluster.podTemplates("Deployment", "history", "web").getFirst())
        .isEqualTo(Manifests.template("web", "nginx:1.27", "100m", "256Mi"));
    assertThat(cluster.podTemplates("Job", "history", "report"))
        .singleElement()
        .satisfies(t -> assertThat(t.getSpec().getRestartPolicy()).isEqualTo("Never"));
    assertThat(cluster.podTemplates("Deployment", "history", "report")).isEmpty();
    assertThat(cluster.podTemplates("StatefulSet", "elsewhere", "web")).isEmpty();
  }
}
