package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.atRevision;
import static io.ubernetes.agent.Workloads.configMap;
import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ubernetes.agent.protocol.WorkFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workload's dependencies on a member cluster (mock API server in CRUD mode, the real agent): the
 * federation sends the ConfigMap a Deployment's pods read ahead of the Deployment, and the agent
 * creates it first, so the pods never start without it; a change to it arrives with the workload's
 * next revision and updates it in place.
 */
class DependencyOrderIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @Test
  void theConfigMapArrivingBeforeTheDeploymentIsCreatedBeforeIt() throws InterruptedException {
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                atRevision(
                    item(
                        "shop",
                        "web",
                        1,
                        1,
                        configMap("shop", "app-config", "info"),
                        readingConfig(deployment("shop", "web", 2))),
                    1)),
            List.of()));
    harness.federation.idleAt(1);

    harness.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> web() != null);
    List<String> creates = new ArrayList<>();
    RecordedRequest request;
    while ((request = harness.cluster.server().takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      if (request.getMethod().equals("POST")) {
        creates.add(request.getPath());
      }
    }
    assertThat(creates)
        .containsSubsequence(
            "/api/v1/namespaces/shop/configmaps", "/apis/apps/v1/namespaces/shop/deployments");
    ConfigMap config = config();
    assertThat(config.getData()).containsEntry("value", "info");
    assertThat(config.getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", "shop.web");
    assertThat(
            web()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnvFrom()
                .get(0)
                .getConfigMapRef()
                .getName())
        .isEqualTo("app-config");
  }

  @Test
  void aChangedConfigMapArrivesWithTheNextRevisionAndIsUpdatedInPlace() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                atRevision(
                    item(
                        "shop",
                        "web",
                        1,
                        1,
                        configMap("shop", "app-config", "info"),
                        readingConfig(deployment("shop", "web", 2))),
                    1)),
            List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> web() != null);
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.federation.polledSince(1));
    String uid = config().getMetadata().getUid();

    // The workload's spec did not change (same generation): its dependency did.
    harness.federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(
                atRevision(
                    item(
                        "shop",
                        "web",
                        1,
                        2,
                        configMap("shop", "app-config", "debug"),
                        readingConfig(deployment("shop", "web", 2))),
                    2)),
            List.of()));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(config().getData()).containsEntry("value", "debug"));
    assertThat(config().getMetadata().getUid()).as("updated, not made again").isEqualTo(uid);
    assertThat(web()).isNotNull();
  }

  private ConfigMap config() {
    return harness.kube.configMaps().inNamespace("shop").withName("app-config").get();
  }

  private Deployment web() {
    return harness.kube.apps().deployments().inNamespace("shop").withName("web").get();
  }

  /** The Deployment with its container's environment from the ConfigMap {@code app-config}. */
  private static HasMetadata readingConfig(HasMetadata object) {
    Deployment deployment = (Deployment) object;
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setEnvFrom(
            List.of(
                new EnvFromSourceBuilder()
                    .withNewConfigMapRef()
                    .withName("app-config")
                    .endConfigMapRef()
                    .build()));
    return deployment;
  }
}
